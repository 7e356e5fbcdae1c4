using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using Upshift.Conformance;

namespace Upshift.Sqlite.Tests;

/// <summary>
/// Runs the real CLI with <c>--json</c> in a folder of its own and compares what it prints, byte for byte, with a
/// stored document. Only what changes from run to run is masked: times, durations, sizes and digests (the history
/// table's rows hold times), backup ids, versions of the tool and the server, and the temporary folder.
/// Set <c>UPSHIFT_WRITE_GOLDEN=1</c> to rewrite the stored documents from the current output.
/// </summary>
internal sealed partial class GoldenRun : IDisposable
{
    private const string WorkToken = "<work>";

    public GoldenRun()
    {
        Work = Path.Combine(Path.GetTempPath(), "upshift-golden-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path.Combine(Work, "scripts"));
    }

    /// <summary>The working directory of every run; holds <c>scripts/</c>, the databases and the backups.</summary>
    public string Work { get; }

    public string Scripts => Path.Combine(Work, "scripts");

    public string Db(string name = "db") => "sqlite:" + Path.Combine(Work, name + ".sqlite");

    public string File(string name) => Path.Combine(Work, name);

    public GoldenRun Script(string name, string text)
    {
        System.IO.File.WriteAllText(Path.Combine(Scripts, name), text);
        return this;
    }

    public void DeleteScript(string name) => System.IO.File.Delete(Path.Combine(Scripts, name));

    /// <summary>Runs <c>upshift ARGS --json</c>, checks the exit code and compares stdout with <c>Golden/NAME.json</c>.</summary>
    public async Task<CliResult> CheckAsync(string name, int exitCode, params string[] args)
    {
        var result = await RunAsync([.. args, "--json"]);
        Assert.True(result.ExitCode == exitCode, $"{name}: expected exit {exitCode}, got:\n{result}");
        Compare(name + ".json", Normalise(result.Stdout));
        return result;
    }

    /// <summary>As <see cref="CheckAsync"/>, and also compares the JSON event lines on stderr with <c>Golden/NAME.events.jsonl</c>.</summary>
    public async Task<CliResult> CheckWithEventsAsync(string name, int exitCode, params string[] args)
    {
        var result = await CheckAsync(name, exitCode, args);
        Compare(name + ".events.jsonl", Events(result.Stderr));
        return result;
    }

    /// <summary>Runs without comparing (to arrange a state); fails on an unexpected exit code.</summary>
    public async Task<CliResult> ArrangeAsync(int exitCode, params string[] args)
    {
        var result = await RunAsync(args);
        Assert.True(result.ExitCode == exitCode, $"expected exit {exitCode}, got:\n{result}");
        return result;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Work, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    private async Task<CliResult> RunAsync(string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Work,
            StandardOutputEncoding = new UTF8Encoding(false),
            StandardErrorEncoding = new UTF8Encoding(false),
        };
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "upshift.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment.Remove("UPSHIFT_DB");
        info.Environment.Remove("UPSHIFT_SCRIPTS");
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    private string Normalise(string text)
    {
        text = text.Replace(Work, WorkToken, StringComparison.Ordinal);
        text = TextValue().Replace(text, "\"$1\":$2\"*\"");
        text = ByteOffset().Replace(text, "$1 N");
        return NumberValue().Replace(text, m => $"\"{m.Groups[1].Value}\":{m.Groups[2].Value}{(m.Groups[3].Value.StartsWith('"') ? "\"*\"" : "0")}");
    }

    /// <summary>
    /// The JSON lines of stderr. Progress ticks come about once a second, so only the last one of each phase is kept;
    /// the messages of progress and table events are all sizes and rates, and times in messages are masked.
    /// </summary>
    private string Events(string stderr)
    {
        var lines = stderr.Split('\n').Where(l => l.StartsWith('{')).Select(Normalise).ToList();
        var kept = new List<string>();
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.Contains("\"event\":\"progress\"", StringComparison.Ordinal))
            {
                var phase = Phase().Match(line).Value;
                if (lines.Skip(i + 1).Any(l => l.Contains("\"event\":\"progress\"", StringComparison.Ordinal) && Phase().Match(l).Value == phase))
                {
                    continue;
                }
            }

            if (line.Contains("\"event\":\"progress\"", StringComparison.Ordinal) || line.Contains("\"event\":\"table\"", StringComparison.Ordinal))
            {
                line = Message().Replace(line, "\"message\":\"*\"");
            }

            kept.Add(Rate().Replace(Duration().Replace(line, "<time>"), "<rate>"));
        }

        return string.Concat(kept.Select(l => l + "\n"));
    }

    private static void Compare(string file, string actual, [CallerFilePath] string source = "")
    {
        if (Environment.GetEnvironmentVariable("UPSHIFT_WRITE_GOLDEN") == "1")
        {
            System.IO.File.WriteAllText(Path.Combine(Path.GetDirectoryName(source)!, "Golden", file), actual, new UTF8Encoding(false));
            return;
        }

        var expected = System.IO.File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", file), new UTF8Encoding(false));
        Assert.True(expected == actual, $"{file} differs from the stored document.\n--- expected\n{expected}\n--- actual\n{actual}");
    }

    [GeneratedRegex("\"(appliedAt|createdAt|completedAt|at|backupId|digest|serverVersion|tool)\":( ?)\"[^\"]*\"")]
    private static partial Regex TextValue();

    [GeneratedRegex("\"(durationMs|ms|waitedMs|fileBytes|rawBytes|storedBytes|totalRawBytes|totalStoredBytes|bytes|totalBytes|bytesPerSecond|rowsPerSecond|etaSeconds)\":( ?)(\"[^\"]*\"|\\d+)")]
    private static partial Regex NumberValue();

    [GeneratedRegex("\"phase\":\"[^\"]*\"")]
    private static partial Regex Phase();

    [GeneratedRegex("\"message\":\"(?:[^\"\\\\]|\\\\.)*\"")]
    private static partial Regex Message();

    [GeneratedRegex(@"\b\d+ ms\b|\b\d+\.\d\d s\b")]
    private static partial Regex Duration();

    [GeneratedRegex(@"[\d,]+ rows/s")]
    private static partial Regex Rate();

    /// <summary>Offsets in the problems of a damaged backup: they move with the length of the history rows.</summary>
    [GeneratedRegex(@"\b(bytes?) -?\d+(?:-\d+)?")]
    private static partial Regex ByteOffset();
}
