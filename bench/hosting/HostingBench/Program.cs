using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Upshift.Bench.Hosting;
using Upshift.Postgres;

// bench [--runs N]: the whole measurement (see bench/hosting/README.md).
// once plain|ping|upshift DB SCRIPTS: one cold start in this process; prints "ready <ms from Main>".
if (args is ["once", var mode, var onceDb, var onceScripts])
{
    var ms = await BenchHost.StartToReadyAsync(Enum.Parse<BenchHost.Kind>(mode, ignoreCase: true), onceDb, onceScripts);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ready {ms:0.0}"));
    return 0;
}

var runs = args is ["bench", "--runs", var n] ? int.Parse(n, CultureInfo.InvariantCulture) : 15;
var admin = Environment.GetEnvironmentVariable("UPSHIFT_TEST_POSTGRES") ?? throw new InvalidOperationException("UPSHIFT_TEST_POSTGRES is not set (bench/hosting/run.sh sets it)");
var name = "upshift_bench_hosting_" + Environment.ProcessId;
var db = admin[..admin.LastIndexOf('/')] + "/" + name;
var scripts = Directory.CreateTempSubdirectory("upshift-bench-hosting-").FullName;
for (var i = 1; i <= 20; i++)
{
    File.WriteAllText(Path.Combine(scripts, $"V{i}__table_{i}.sql"), $"CREATE TABLE t_{i} (id bigint PRIMARY KEY, name text NOT NULL);\n");
}

await AdminAsync($"CREATE DATABASE {name}");
try
{
    // Migrate once: every measured start then finds the 20 scripts applied and nothing pending.
    var kinds = Enum.GetValues<BenchHost.Kind>();
    foreach (var kind in kinds)
    {
        await BenchHost.StartToReadyAsync(kind, db, scripts);
    }

    var warm = kinds.ToDictionary(k => k, _ => new List<double>());
    var cold = kinds.ToDictionary(k => k, _ => new List<double>());
    for (var run = 0; run < runs; run++)
    {
        // Taking turns, so that a change in the machine's load touches every column alike.
        foreach (var kind in kinds)
        {
            warm[kind].Add(await BenchHost.StartToReadyAsync(kind, db, scripts));
            cold[kind].Add(await ColdAsync(kind.ToString().ToLowerInvariant()));
        }
    }

    Console.WriteLine($"host start to Healthy, nothing pending (20 scripts applied), PostgreSQL on loopback, {runs} runs each, taking turns; ms: median (min-max)");
    Console.WriteLine();
    Console.WriteLine("| start | without AddUpshift | one connection + SELECT 1 check | with AddUpshift | extra over without | extra over one connection | target ≤ 50 ms extra |");
    Console.WriteLine("|---|---|---|---|---|---|---|");
    Row("warm: in process, after one start of each", warm);
    Row("cold: a new process, from its start to the first 200", cold);
}
finally
{
    NpgsqlConnection.ClearAllPools();
    await AdminAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
    Directory.Delete(scripts, recursive: true);
}

return 0;

async Task<double> ColdAsync(string mode)
{
    var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true };
    foreach (var arg in Environment.GetCommandLineArgs()[0].EndsWith(".dll", StringComparison.Ordinal) ? [Environment.GetCommandLineArgs()[0]] : Array.Empty<string>())
    {
        start.ArgumentList.Add(arg);
    }

    foreach (var arg in new[] { "once", mode, db, scripts })
    {
        start.ArgumentList.Add(arg);
    }

    var clock = Stopwatch.StartNew();
    using var process = Process.Start(start)!;
    var line = await process.StandardOutput.ReadLineAsync();
    var elapsed = clock.Elapsed.TotalMilliseconds;
    await process.WaitForExitAsync();
    return line?.StartsWith("ready ", StringComparison.Ordinal) == true && process.ExitCode == 0
        ? elapsed
        : throw new InvalidOperationException($"the {mode} start failed (exit {process.ExitCode}): {line}");
}

void Row(string what, Dictionary<BenchHost.Kind, List<double>> times)
{
    static string Cell(List<double> t) => string.Create(CultureInfo.InvariantCulture, $"{Median(t):0.0} ({t.Min():0.0}-{t.Max():0.0})");
    var (plain, ping, upshift) = (times[BenchHost.Kind.Plain], times[BenchHost.Kind.Ping], times[BenchHost.Kind.Upshift]);
    var extra = Median(upshift) - Median(plain);
    var overPing = Median(upshift) - Median(ping);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {what} | {Cell(plain)} | {Cell(ping)} | {Cell(upshift)} | {extra:+0.0;-0.0} | {overPing:+0.0;-0.0} | {(extra <= 50 ? "met" : "missed")} |"));
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}

async Task AdminAsync(string sql)
{
    await using var connection = new NpgsqlConnection(PostgresUrl.ToConnectionString(admin));
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand(sql, connection);
    await command.ExecuteNonQueryAsync();
}
