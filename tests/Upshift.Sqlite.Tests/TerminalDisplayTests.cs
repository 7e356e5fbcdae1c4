using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Upshift.Conformance;

namespace Upshift.Sqlite.Tests;

/// <summary>
/// What the CLI draws when a person watches: run under a pseudo-terminal (util-linux <c>script</c>), backup, verify and
/// restore show Spectre bars; redirected, the same commands print plain lines without a single escape sequence.
/// </summary>
public sealed class TerminalDisplayTests : IDisposable
{
    private const string Escape = "\u001b[";
    // A live display hides the cursor while it redraws (the runtime's own terminal set-up never does).
    private const string LiveDisplay = "\u001b[?25l";
    // A finished bar: the percentage column of a completed task, coloured.
    private const string Done = "100%\u001b[0m";
    private static readonly string Cli = Path.Combine(AppContext.BaseDirectory, "upshift.dll");
    private readonly string _work = Directory.CreateTempSubdirectory("upshift-terminal-").FullName;

    [Fact]
    public async Task Backup_verify_and_restore_draw_bars_on_a_terminal_and_plain_lines_when_redirected()
    {
        var source = Path.Combine(_work, "source.db");
        await using (var connection = new SqliteConnection($"Data Source={source};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE orders (id INTEGER PRIMARY KEY, note TEXT);
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
                INSERT INTO orders SELECT i, 'order ' || i FROM n;
                """;
            await command.ExecuteNonQueryAsync();
        }

        var file = Path.Combine(_work, "source.upbak");
        var backup = await OnTerminalAsync("backup", "--db", $"sqlite:{source}", "--out", file);
        Assert.Contains(LiveDisplay, backup, StringComparison.Ordinal);
        Assert.Contains(Done, backup, StringComparison.Ordinal);
        Assert.Contains("schema", backup, StringComparison.Ordinal);
        Assert.Contains("MB/s", backup, StringComparison.Ordinal);
        Assert.Contains("rows/s", backup, StringComparison.Ordinal);
        Assert.Contains("backup written:", backup, StringComparison.Ordinal);

        var verify = await OnTerminalAsync("backup", "verify", file);
        Assert.Contains(LiveDisplay, verify, StringComparison.Ordinal);
        Assert.Contains(Done, verify, StringComparison.Ordinal);
        Assert.Contains("verify ", verify, StringComparison.Ordinal);
        Assert.Contains("Schema version:", verify, StringComparison.Ordinal);

        var target = Path.Combine(_work, "target.db");
        var restore = await OnTerminalAsync("restore", "--db", $"sqlite:{target}", "--in", file);
        Assert.Contains(LiveDisplay, restore, StringComparison.Ordinal);
        Assert.Contains(Done, restore, StringComparison.Ordinal);
        Assert.Contains("replacing the target", restore, StringComparison.Ordinal);
        Assert.Contains("restored ", restore, StringComparison.Ordinal);
        await using (var restored = new SqliteConnection($"Data Source={target};Mode=ReadOnly;Pooling=False"))
        {
            await restored.OpenAsync();
            await using var count = restored.CreateCommand();
            count.CommandText = "SELECT count(*) FROM orders";
            Assert.Equal(20000L, (long)(await count.ExecuteScalarAsync())!);
        }

        var redirected = await CliRunner.RunAsync("backup", "verify", file);
        Assert.True(redirected.ExitCode == 0, redirected.ToString());
        Assert.DoesNotContain(Escape, redirected.Stdout, StringComparison.Ordinal);
        Assert.Contains("Schema version:", redirected.Stdout, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_work, recursive: true);
    }

    /// <summary>Runs the CLI with a pseudo-terminal as its stdout and returns what it drew there.</summary>
    private static async Task<string> OnTerminalAsync(params string[] args)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var command = string.Join(' ', new[] { dotnet, Cli }.Concat(args).Select(Quote));
        var info = new ProcessStartInfo("script", ["--quiet", "--flush", "--return", "--command", command, "/dev/null"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        info.Environment["TERM"] = "xterm-256color";
        info.Environment.Remove("NO_COLOR");
        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        var output = await stdout;
        Assert.True(process.ExitCode == 0, $"upshift {string.Join(' ', args)} on a terminal exited {process.ExitCode}\n{output}\n{await stderr}");
        return output;
    }

    private static string Quote(string arg) => "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
