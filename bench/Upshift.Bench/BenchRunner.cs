using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Upshift.Bench;

/// <summary>What <c>run</c> was asked to do.</summary>
internal sealed record BenchOptions
{
    public required string Work { get; init; }

    public required string ServerUrl { get; init; }

    /// <summary>The published command-line tool that the main table measures.</summary>
    public required string Upshift { get; init; }

    /// <summary>Other publish modes of the same tool, for the start-up table: (name, path).</summary>
    public IReadOnlyList<(string Name, string Path)> Modes { get; init; } = [];

    public int Runs { get; init; } = 7;

    public int NoOpCalls { get; init; } = 30;

    public int Small { get; init; } = 1_000;

    public int Large { get; init; } = 10_000;

    public bool Peers { get; init; } = true;

    public bool LargeSet { get; init; } = true;

    public bool Keep { get; init; }

    public string Psql { get; init; } = "psql";

    public string? Markdown { get; init; }

    /// <summary>What was measured (e.g. the git commit), for the header.</summary>
    public string? Commit { get; init; }
}

/// <summary>
/// Runs every measurement of the benchmark and prints the tables. Apply runs get a fresh database each;
/// tools take turns run by run (A B C A B C ...) so that a drift of the machine's speed spreads over all.
/// </summary>
internal sealed class BenchRunner(BenchOptions options)
{
    private const double ApplyTargetRatio = 1.5;
    private const double NoOpProcessTargetMs = 120;
    private const double NoOpLibraryTargetMs = 10;
    private const double LargeTargetMs = 1000;

    private readonly BenchDatabase _server = new(options.ServerUrl);
    private readonly Report _report = new();
    private readonly string _smallScripts = Path.Combine(options.Work, $"scripts-{options.Small}");
    private readonly string _largeScripts = Path.Combine(options.Work, $"scripts-{options.Large}");
    private readonly string _warmupScripts = Path.Combine(options.Work, "scripts-warmup");
    private readonly string _concatenated = Path.Combine(options.Work, $"all-{options.Small}.sql");
    private GeneratedSet _small = null!;
    private GeneratedSet _warmup = null!;

    public async Task<int> RunAsync()
    {
        Directory.CreateDirectory(options.Work);
        await DescribeMachineAsync().ConfigureAwait(false);
        Log($"generating {options.Small:N0} and {options.Large:N0} scripts into {options.Work}");
        _small = ScriptGenerator.Write(options.Small, _smallScripts, _concatenated);
        _warmup = ScriptGenerator.Write(50, _warmupScripts, null);
        if (options.LargeSet || options.Modes.Count > 0)
        {
            ScriptGenerator.Write(options.Large, _largeScripts, null);
        }

        try
        {
            var main = _report.Table($"PostgreSQL, {options.Small:N0} scripts, then {options.Large:N0}: median of {options.Runs} runs (library no-op: {options.NoOpCalls} calls)");
            var (harness, _) = await ProcessTimesAsync("/bin/true", []).ConfigureAwait(false);
            main.Add(new Row("harness", "start + exit of /bin/true", harness, "the cost of timing a process here"));
            await ApplyAsync(main).ConfigureAwait(false);
            await NoOpAsync(main).ConfigureAwait(false);
            if (options.LargeSet)
            {
                await LargeAsync(main).ConfigureAwait(false);
            }

            if (options.Modes.Count > 0)
            {
                await ModesAsync(_report.Table($"Start-up by publish mode: whole process, median of {options.Runs} runs")).ConfigureAwait(false);
            }
        }
        finally
        {
            if (!options.Keep)
            {
                await _server.DropAllAsync().ConfigureAwait(false);
            }
        }

        _report.Header($"load average (1, 5, 15 min) at the end: {LoadAverage()}");
        Console.WriteLine();
        Console.Write(_report.Text());
        if (options.Markdown is { } markdown)
        {
            await File.WriteAllTextAsync(markdown, _report.Markdown()).ConfigureAwait(false);
            Console.WriteLine();
            Console.WriteLine($"Markdown tables written to {markdown}");
        }

        return 0;
    }

    private async Task ApplyAsync(List<Row> rows)
    {
        Log($"apply {options.Small:N0} scripts to an empty database, {options.Runs} runs per tool");
        var inProcess = new List<IInProcessTool> { new UpshiftLibrary() };
        if (options.Peers)
        {
            inProcess.Add(new DbUpTool());
            inProcess.Add(new EvolveTool());
        }

        // In-process tools get one warm-up on a small set, so that their runs measure work rather than the JIT.
        foreach (var tool in inProcess)
        {
            await _server.RecreateAsync("warmup").ConfigureAwait(false);
            await tool.MigrateAsync(_server, "warmup", _warmupScripts).ConfigureAwait(false);
            await _server.VerifyAsync("warmup", _warmup, tool.Name).ConfigureAwait(false);
        }

        var contenders = new List<(string Tool, string Database, Func<Task<double>> Apply)>
        {
            ("psql -1 -f (floor)", "apply_psql", () => PsqlAsync("apply_psql")),
            ("upshift (process)", "apply_cli", () => ProcessTimer.RunAsync(options.Upshift, ["migrate", "--db", _server.Url("apply_cli"), "--scripts", _smallScripts])),
        };
        contenders.AddRange(inProcess.Select(tool =>
        {
            var database = "apply_" + Key(tool.Name);
            return (tool.Name, database, (Func<Task<double>>)(() => TimeAsync(() => tool.MigrateAsync(_server, database, _smallScripts))));
        }));

        var times = contenders.ToDictionary(c => c.Tool, _ => new List<double>());
        var cpu = contenders.ToDictionary(c => c.Tool, _ => new List<double>());
        for (var run = 0; run < options.Runs; run++)
        {
            for (var turn = 0; turn < contenders.Count; turn++)
            {
                var (tool, database, apply) = contenders[(run + turn) % contenders.Count];
                await _server.RecreateAsync(database).ConfigureAwait(false);
                var elapsed = await apply().ConfigureAwait(false);
                if (tool.Contains("process", StringComparison.Ordinal) || tool.StartsWith("psql", StringComparison.Ordinal))
                {
                    cpu[tool].Add(ProcessTimer.LastCpuMilliseconds);
                }

                await _server.VerifyAsync(database, _small, tool).ConfigureAwait(false);
                times[tool].Add(elapsed);
                Log($"  run {run + 1}/{options.Runs} {tool}: {Stats.Format(elapsed)}");
            }
        }

        var floor = Stats.Of(times[contenders[0].Tool]).Median;
        var peers = contenders.Skip(2).Where(c => !c.Tool.StartsWith("upshift", StringComparison.Ordinal)).Select(c => Stats.Of(times[c.Tool]).Median).ToList();
        foreach (var (tool, _, _) in contenders)
        {
            var stats = Stats.Of(times[tool]);
            var ratio = stats.Median / floor;
            var note = tool == contenders[0].Tool
                ? "1.00× (the floor: one transaction, no history)"
                : string.Create(CultureInfo.InvariantCulture, $"{ratio:0.00}× floor");
            if (tool.StartsWith("upshift", StringComparison.Ordinal))
            {
                var beatsPeers = peers.Count == 0 || peers.All(p => stats.Median < p);
                note += string.Create(CultureInfo.InvariantCulture, $"; target ≤ {ApplyTargetRatio:0.0}× floor: {Verdict(ratio <= ApplyTargetRatio)}")
                    + (peers.Count == 0 ? string.Empty : $"; faster than both peers: {Verdict(beatsPeers)}");
            }

            rows.Add(new Row(tool, $"apply {options.Small:N0} to an empty database", stats, note + CpuNote(cpu[tool])));
        }
    }

    private async Task NoOpAsync(List<Row> rows)
    {
        Log($"no-op migrate with {options.Small:N0} applied");
        var scenario = $"no-op migrate, {options.Small:N0} applied";
        var (process, processCpu) = await ProcessTimesAsync(options.Upshift, ["migrate", "--db", _server.Url("apply_cli"), "--scripts", _smallScripts]).ConfigureAwait(false);
        rows.Add(new Row("upshift (process)", scenario, process, Target(process, NoOpProcessTargetMs, "a Go binary: ~120 ms") + processCpu));
        var (json, jsonCpu) = await ProcessTimesAsync(options.Upshift, ["migrate", "--json", "--db", _server.Url("apply_cli"), "--scripts", _smallScripts]).ConfigureAwait(false);
        rows.Add(new Row("upshift (process)", scenario + ", --json", json, Target(json, NoOpProcessTargetMs, "a Go binary: ~120 ms") + jsonCpu));

        await using (var warm = new WarmUpshift(_server, "apply_" + Key(new UpshiftLibrary().Name), _smallScripts))
        {
            await warm.MigrateAsync().ConfigureAwait(false);
            var calls = new List<double>(options.NoOpCalls);
            var cpu = new List<double>(options.NoOpCalls);
            for (var i = 0; i < options.NoOpCalls; i++)
            {
                var cpuBefore = ProcessTimer.SelfCpuMilliseconds();
                var clock = Stopwatch.StartNew();
                var steps = await warm.MigrateAsync().ConfigureAwait(false);
                calls.Add(clock.Elapsed.TotalMilliseconds);
                cpu.Add(ProcessTimer.SelfCpuMilliseconds() - cpuBefore);
                if (steps != 0)
                {
                    throw new InvalidOperationException($"the no-op call ran {steps} steps");
                }
            }

            var library = Stats.Of(calls);
            rows.Add(new Row("upshift (library)", scenario + ", warm MigrateAsync()", library, Target(library, NoOpLibraryTargetMs, null) + CpuNote(cpu) + " (all threads of this process)"));
        }

        if (options.Peers)
        {
            foreach (var tool in new IInProcessTool[] { new DbUpTool(), new EvolveTool() })
            {
                var database = "apply_" + Key(tool.Name);
                await tool.MigrateAsync(_server, database, _smallScripts).ConfigureAwait(false);
                var stats = Stats.Of(await TimesAsync(options.Runs, () => TimeAsync(() => tool.MigrateAsync(_server, database, _smallScripts))).ConfigureAwait(false));
                rows.Add(new Row(tool.Name, scenario + ", warm, in-process", stats, "for comparison"));
            }
        }
    }

    private async Task LargeAsync(List<Row> rows)
    {
        Log($"{options.Large:N0} scripts: setting up a database with all applied (library, one run)");
        await _server.RecreateAsync("large").ConfigureAwait(false);
        var setup = await TimeAsync(() => new UpshiftLibrary().MigrateAsync(_server, "large", _largeScripts)).ConfigureAwait(false);
        rows.Add(new Row("upshift (library)", $"apply {options.Large:N0} to an empty database (set-up)", Stats.Of([setup]), "information only"));

        var (validate, validateCpu) = await ProcessTimesAsync(options.Upshift, ["validate", "--db", _server.Url("large"), "--scripts", _largeScripts]).ConfigureAwait(false);
        rows.Add(new Row("upshift (process)", $"validate, {options.Large:N0} applied", validate, Target(validate, LargeTargetMs, null) + validateCpu));
        var (noOp, noOpCpu) = await ProcessTimesAsync(options.Upshift, ["migrate", "--db", _server.Url("large"), "--scripts", _largeScripts]).ConfigureAwait(false);
        rows.Add(new Row("upshift (process)", $"no-op migrate, {options.Large:N0} applied", noOp, Target(noOp, LargeTargetMs, null) + noOpCpu));
        var (json, jsonCpu) = await ProcessTimesAsync(options.Upshift, ["migrate", "--json", "--db", _server.Url("large"), "--scripts", _largeScripts]).ConfigureAwait(false);
        rows.Add(new Row("upshift (process)", $"no-op migrate, {options.Large:N0} applied, --json", json, Target(json, LargeTargetMs, null) + jsonCpu));
    }

    private async Task ModesAsync(List<Row> rows)
    {
        Log("start-up by publish mode");
        var sqliteSmall = Path.Combine(options.Work, $"sqlite-{options.Small}.db");
        var sqliteLarge = Path.Combine(options.Work, $"sqlite-{options.Large}.db");
        foreach (var (file, scripts) in new[] { (sqliteSmall, _smallScripts), (sqliteLarge, _largeScripts) })
        {
            foreach (var stale in new[] { file, file + "-wal", file + "-shm", file + ".upshift-lock" })
            {
                File.Delete(stale);
            }

            await ProcessTimer.RunAsync(options.Upshift, ["migrate", "--db", "sqlite:" + file, "--scripts", scripts]).ConfigureAwait(false);
        }

        if (!await _server.ExistsAsync("large").ConfigureAwait(false))
        {
            await _server.RecreateAsync("large").ConfigureAwait(false);
            await new UpshiftLibrary().MigrateAsync(_server, "large", _largeScripts).ConfigureAwait(false);
        }

        var scenarios = new List<(string Name, string[] Arguments)>
        {
            ("--help", ["--help"]),
            ($"no-op migrate, SQLite, {options.Small:N0} applied", ["migrate", "--db", "sqlite:" + sqliteSmall, "--scripts", _smallScripts]),
            ($"no-op migrate, SQLite, {options.Large:N0} applied", ["migrate", "--db", "sqlite:" + sqliteLarge, "--scripts", _largeScripts]),
            ($"no-op migrate, PostgreSQL, {options.Small:N0} applied", ["migrate", "--db", _server.Url("apply_cli"), "--scripts", _smallScripts]),
            ($"no-op migrate, PostgreSQL, {options.Large:N0} applied", ["migrate", "--db", _server.Url("large"), "--scripts", _largeScripts]),
        };
        foreach (var (scenario, arguments) in scenarios)
        {
            var times = options.Modes.ToDictionary(m => m.Name, _ => new List<double>());
            var cpu = options.Modes.ToDictionary(m => m.Name, _ => new List<double>());
            for (var run = -1; run < options.Runs; run++)
            {
                foreach (var (name, path) in options.Modes)
                {
                    var elapsed = await ProcessTimer.RunAsync(path, arguments).ConfigureAwait(false);
                    if (run >= 0)
                    {
                        times[name].Add(elapsed);
                        cpu[name].Add(ProcessTimer.LastCpuMilliseconds);
                    }
                }
            }

            var fastest = times.Values.Min(t => Stats.Of(t).Median);
            foreach (var (name, _) in options.Modes)
            {
                var stats = Stats.Of(times[name]);
                rows.Add(new Row($"upshift ({name})", scenario, stats, string.Create(CultureInfo.InvariantCulture, $"{stats.Median / fastest:0.0}× the fastest") + CpuNote(cpu[name])));
            }
        }
    }

    private Task<double> PsqlAsync(string database) =>
        ProcessTimer.RunAsync(
            options.Psql,
            ["-X", "-q", "-1", "-v", "ON_ERROR_STOP=1", "-h", _server.Host, "-p", _server.Port.ToString(CultureInfo.InvariantCulture), "-U", _server.User, "-d", BenchDatabase.Prefix + database, "-f", _concatenated],
            new Dictionary<string, string> { ["PGPASSWORD"] = _server.Password });

    /// <summary>One untimed warm-up, then the timed runs; also the median CPU time, as a note.</summary>
    private async Task<(Stats Stats, string CpuNote)> ProcessTimesAsync(string file, string[] arguments)
    {
        await ProcessTimer.RunAsync(file, arguments).ConfigureAwait(false);
        var cpu = new List<double>(options.Runs);
        var wall = await TimesAsync(options.Runs, async () =>
        {
            var elapsed = await ProcessTimer.RunAsync(file, arguments).ConfigureAwait(false);
            cpu.Add(ProcessTimer.LastCpuMilliseconds);
            return elapsed;
        }).ConfigureAwait(false);
        return (Stats.Of(wall), CpuNote(cpu));
    }

    /// <summary>"; cpu X" (median user + system time of the process), or nothing where it was not measured.</summary>
    private static string CpuNote(List<double> cpu) =>
        cpu.Count == 0 || cpu.Any(double.IsNaN) ? string.Empty : "; cpu " + Stats.Format(Stats.Of(cpu).Median);

    private static async Task<List<double>> TimesAsync(int runs, Func<Task<double>> once)
    {
        var times = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            times.Add(await once().ConfigureAwait(false));
        }

        return times;
    }

    private static async Task<double> TimeAsync(Func<Task> action)
    {
        var clock = Stopwatch.StartNew();
        await action().ConfigureAwait(false);
        return clock.Elapsed.TotalMilliseconds;
    }

    private static string Target(Stats stats, double targetMs, string? yardstick) =>
        string.Create(CultureInfo.InvariantCulture, $"target < {Stats.Format(targetMs)}{(yardstick is null ? string.Empty : " (" + yardstick + ")")}: {Verdict(stats.Median < targetMs)} ({stats.Median / targetMs:0.00}× target)");

    private static string Verdict(bool met) => met ? "met" : "MISSED";

    private static string Key(string tool) => new([.. tool.TakeWhile(c => c != ' ' && c != '(').Select(char.ToLowerInvariant)]);

    private async Task DescribeMachineAsync()
    {
        var model = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var memory = File.Exists("/proc/meminfo")
            ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))
            : null;
        var gib = memory is null ? "?" : (long.Parse(memory.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0 / 1024.0).ToString("0.0", CultureInfo.InvariantCulture);
        var server = await _server.DescribeAsync().ConfigureAwait(false);
        _report.Header(string.Create(CultureInfo.InvariantCulture, $"date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC"));
        _report.Header($"machine: {Environment.ProcessorCount} cores (nproc), {model ?? "unknown CPU"}, {gib} GiB RAM, {RuntimeInformation.OSDescription}");
        _report.Header($"runtime: .NET {Environment.Version} (bench harness), PostgreSQL {server}");
        _report.Header($"measured tool: {Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(options.Upshift)))}/{Path.GetFileName(options.Upshift)}{(options.Commit is null ? string.Empty : " at commit " + options.Commit)}");
        _report.Header($"load average (1, 5, 15 min) at the start: {LoadAverage()}");
    }

    /// <summary>Other work on the machine moves every figure: the load average says how much there was.</summary>
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static void Log(string message) => Console.Error.WriteLine("bench: " + message);
}
