using System.Text;
using Microsoft.Data.Sqlite;
using Upshift.Conformance;
using Upshift.Runbooks.Execution;

namespace Upshift.Sqlite.Tests.Runbooks;

/// <summary>
/// A run killed (SIGKILL) half way through each kind of step: the rerun converges to the state of a run that was never
/// interrupted (database, files, ledger) and never repeats a finished step; an interrupted step that is not
/// idempotent waits for the operator's decision.
/// </summary>
public sealed class RunbookKillTests : IDisposable
{
    private const string Procedure = """
        runbook: kill
        components:
          app: { db: "sqlite:app.db", scripts: ./sql }
        steps:
          - id: stop
            exec: sleep 1 && echo stop >> events.log
          - save-files: { id: files, from: ./run }
          - backup: { component: app, id: before }
          - id: signal
            exec: (sleep 1; touch ready.flag) > /dev/null 2>&1 &
          - id: ready
            wait-until: { file: ./ready.flag, state: present, interval: 100ms, timeout: 1m }
          - migrate: { component: app }
          - id: start
            exec: echo start >> events.log
        rollback:
          - restore: { backup: before }
          - restore-files: { from: files }
        """;

    private readonly RunbookFolder _undisturbed = Prepare();
    private readonly RunbookFolder _folder = Prepare();

    public void Dispose()
    {
        _undisturbed.Dispose();
        _folder.Dispose();
    }

    [Theory]
    [InlineData("save-files-2", RunbookFaultPoints.SaveFilesCopying)]
    [InlineData("backup-3", RunbookFaultPoints.BackupWritten)]
    [InlineData("ready", RunbookFaultPoints.WaitPolled)]
    public async Task A_run_killed_inside_a_step_converges_on_rerun(string step, string point)
    {
        var expected = await UndisturbedAsync();

        var killed = await CliRunner.RunCrashingAtAsync(point, "run", _folder.File);

        Assert.True(killed.ExitCode == 137, killed.ToString());
        Assert.Equal("running", _folder.LedgerState(step));
        var rerun = await _folder.RunAsync();
        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        Assert.Equal(expected, Fingerprint(_folder));
        Assert.Equal(2, (await _folder.StepsAsync())[step].GetProperty("attempts").GetInt32());
        Assert.Equal(1, (await _folder.StepsAsync())["stop"].GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task A_run_killed_in_the_middle_of_a_migration_script_converges_on_rerun()
    {
        var expected = await UndisturbedAsync();
        using var run = _folder.Start();
        await _folder.WaitForStateAsync("migrate-6", "running", run);
        await Task.Delay(400);
        RunbookFolder.Kill(run);
        Assert.Equal("running", _folder.LedgerState("migrate-6"));

        var rerun = await _folder.RunAsync();

        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        Assert.Equal(expected, Fingerprint(_folder));
    }

    [Fact]
    public async Task An_interrupted_exec_stops_the_rerun_until_the_operator_says_retry_or_skip()
    {
        var expected = await UndisturbedAsync();
        var killed = await CliRunner.RunCrashingAtAsync(RunbookFaultPoints.ExecStarted, "run", _folder.File);
        Assert.Equal(137, killed.ExitCode);
        await Task.Delay(1500);

        var stopped = await _folder.RunAsync();

        Assert.True(stopped.ExitCode == 5, stopped.ToString());
        Assert.Contains("step stop was interrupted and may have done part of its work; check by hand, then rerun with --retry stop or --skip stop", stopped.Stdout, StringComparison.Ordinal);
        Assert.Equal("stop\n", _folder.Read("events.log"));

        var skipped = await _folder.RunAsync("--skip", "stop");

        Assert.True(skipped.ExitCode == 0, skipped.ToString());
        Assert.Equal(expected.Replace("stop=done", "stop=skipped", StringComparison.Ordinal), Fingerprint(_folder));
    }

    [Fact]
    public async Task A_rollback_killed_during_the_restore_or_the_files_converges_on_rerun()
    {
        Assert.Equal(0, (await _undisturbed.RunAsync()).ExitCode);
        Assert.Equal(0, (await _undisturbed.RunAsync("--rollback")).ExitCode);
        Assert.Equal(0, (await _folder.RunAsync()).ExitCode);
        _folder.Write("run/b.pq", "changed by the new release\n");

        Assert.Equal(137, (await CliRunner.RunCrashingAtAsync("restore-before-swap", "run", _folder.File, "--rollback")).ExitCode);
        Assert.Equal(137, (await CliRunner.RunCrashingAtAsync(RunbookFaultPoints.RestoreFilesCopying, "run", _folder.File, "--rollback")).ExitCode);
        var rerun = await _folder.RunAsync("--rollback");

        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        Assert.Equal(Fingerprint(_undisturbed), Fingerprint(_folder));
    }

    private static RunbookFolder Prepare()
    {
        var folder = new RunbookFolder(Procedure);
        folder.Write("sql/V1__items.sql", "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT);\nINSERT INTO items (name) VALUES ('a'), ('b');\n")
            .Write("sql/V2__numbers.sql", "CREATE TABLE numbers (n INTEGER);\nINSERT INTO numbers WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1500000) SELECT x FROM c;\n");
        Seed(folder);
        return folder;
    }

    private static void Seed(RunbookFolder folder)
    {
        folder.Write("run/a.pq", "queue a\n").Write("run/b.pq", new string('b', 200_000)).Write("run/c.xml", "<spec/>\n");
        using var connection = new SqliteConnection($"Data Source={folder.Full("app.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "CREATE TABLE IF NOT EXISTS site (note TEXT); DELETE FROM site; INSERT INTO site VALUES ('kept');";
        command.ExecuteNonQuery();
    }

    private async Task<string> UndisturbedAsync()
    {
        var run = await _undisturbed.RunAsync();
        Assert.True(run.ExitCode == 0, run.ToString());
        return Fingerprint(_undisturbed);
    }

    /// <summary>Tables with their row counts and sums, the service's files, the saved manifest, the events and each step's state.</summary>
    private static string Fingerprint(RunbookFolder folder)
    {
        var text = new StringBuilder();
        using (var connection = new SqliteConnection($"Data Source={folder.Full("app.db")};Mode=ReadOnly;Pooling=False"))
        {
            connection.Open();
            using var tables = connection.CreateCommand();
            tables.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'upshift%' ORDER BY name";
            var names = new List<string>();
            using (var reader = tables.ExecuteReader())
            {
                while (reader.Read())
                {
                    names.Add(reader.GetString(0));
                }
            }

            foreach (var name in names)
            {
                using var count = connection.CreateCommand();
                count.CommandText = $"SELECT count(*) || ':' || total(length(quote({(name == "numbers" ? "n" : "rowid")}))) FROM {name}";
                text.Append(name).Append('=').Append(count.ExecuteScalar()).Append('\n');
            }
        }

        foreach (var file in Directory.GetFiles(folder.Full("run")).Order(StringComparer.Ordinal))
        {
            text.Append(Path.GetFileName(file)).Append('=').Append(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file)))).Append('\n');
        }

        var manifest = folder.Full(".upshift/files/files/manifest.json");
        text.Append("manifest=").Append(File.Exists(manifest) ? File.ReadAllText(manifest) : "none").Append('\n');
        text.Append("events=").Append(folder.Exists("events.log") ? folder.Read("events.log") : string.Empty).Append('\n');
        using (var ledger = new SqliteConnection($"Data Source={folder.StatePath};Pooling=False"))
        {
            ledger.Open();
            using var steps = ledger.CreateCommand();
            steps.CommandText = "SELECT step || '=' || state FROM upshift_runbook ORDER BY position";
            using var reader = steps.ExecuteReader();
            while (reader.Read())
            {
                text.Append(reader.GetString(0)).Append('\n');
            }
        }

        return text.ToString();
    }
}
