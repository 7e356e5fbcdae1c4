using Npgsql;
using Upshift.Conformance;

namespace Upshift.Postgres.Tests;

/// <summary>Expand/backfill/contract ordering, and index builds that cannot run in a transaction.</summary>
public sealed class OnlinePhaseTests
{
    [Fact]
    public async Task Phases_run_in_order_and_contract_never_runs_before_its_backfill_completes()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        using var scripts = new ScriptFolder();
        await db.ExecuteAsync("CREATE TABLE p (id int PRIMARY KEY, old_name text); INSERT INTO p SELECT g, 'n' || g FROM generate_series(1, 3000) g;");
        scripts.Write("V1__expand.sql", "-- upshift:phase expand\nALTER TABLE p ADD COLUMN new_name text;")
            .Write("V2__backfill.sql", "-- upshift:phase backfill\n-- upshift:batch key=id size=400\nUPDATE p SET new_name = old_name || (CASE WHEN id = 2222 THEN 1 / (SELECT count(*) - count(*) FROM p) ELSE 0 END)::text WHERE id > @batch_start AND id <= @batch_end")
            .Write("V3__contract.sql", "-- upshift:phase contract\nALTER TABLE p DROP COLUMN old_name;")
            .Write("V4__more.sql", "-- upshift:phase expand\nCREATE TABLE q (id int);");

        // Expand applies expand scripts only, even the one above the deferred backfill and contract.
        var expand = await Migrate(db, scripts, "--phase", "expand");
        Assert.Equal(["V1__expand.sql", "V4__more.sql"], Applied(expand));
        var status = await CliRunner.RunAsync("status", "--db", db.Url, "--scripts", scripts.Path, "--json", "--phase", "expand");
        Assert.Equal([("V2__backfill.sql", "deferred", "backfill"), ("V3__contract.sql", "deferred", "contract")], Pending(status));
        Assert.Empty(status.Json.GetProperty("problems").EnumerateArray());
        var all = await CliRunner.RunAsync("status", "--db", db.Url, "--scripts", scripts.Path, "--json");
        Assert.Equal([("V2__backfill.sql", "pending", "backfill"), ("V3__contract.sql", "pending", "contract")], Pending(all));

        // The backfill fails at key 2222: the contract after it is skipped, the old column stays.
        var failed = await CliRunner.RunAsync("migrate", "--db", db.Url, "--scripts", scripts.Path, "--json");
        Assert.Equal(1, failed.ExitCode);
        Assert.Equal(["V3__contract.sql"], Steps(failed, "skipped"));
        Assert.Equal(1, await db.CountAsync("SELECT count(*) FROM information_schema.columns WHERE table_name = 'p' AND column_name = 'old_name'"));
        Assert.Equal(2000, await db.CountAsync("SELECT count(*) FROM p WHERE new_name IS NOT NULL"));

        // With --phase backfill the contract is deferred, not run, whatever happens to the backfill.
        var plan = await CliRunner.RunAsync("plan", "--db", db.Url, "--scripts", scripts.Path, "--phase", "backfill", "--json");
        Assert.Equal(["V2__backfill.sql"], Steps(plan, "planned"));

        scripts.Write("V2__backfill.sql", "-- upshift:phase backfill\n-- upshift:batch key=id size=400\nUPDATE p SET new_name = old_name || '0' WHERE id > @batch_start AND id <= @batch_end");
        var changed = await CliRunner.RunAsync("migrate", "--db", db.Url, "--scripts", scripts.Path, "--phase", "backfill");
        Assert.Equal(3, changed.ExitCode);
        Assert.Contains("changed while its backfill was part way", changed.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, (await CliRunner.RunAsync("repair", "--db", db.Url, "--scripts", scripts.Path)).ExitCode);

        var backfill = await Migrate(db, scripts, "--phase", "backfill");
        Assert.Equal(["V2__backfill.sql"], Applied(backfill));
        Assert.Equal(3000, await db.CountAsync("SELECT count(*) FROM p WHERE new_name = old_name || '0'"));

        var contract = await Migrate(db, scripts, "--phase", "contract");
        Assert.Equal(["V3__contract.sql"], Applied(contract));
        Assert.Equal(0, await db.CountAsync("SELECT count(*) FROM information_schema.columns WHERE table_name = 'p' AND column_name = 'old_name'"));
    }

    [Fact]
    public async Task An_interrupted_create_index_concurrently_resumes_into_a_valid_index()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        using var scripts = new ScriptFolder();
        await db.ExecuteAsync("CREATE TABLE big (id int PRIMARY KEY, a int); INSERT INTO big SELECT g, g % 1000 FROM generate_series(1, 50000) g;");
        scripts.Write("V1__index.sql", "CREATE INDEX CONCURRENTLY big_a ON big (a);");

        // A transaction holding an old snapshot makes the build wait after it has created the (still invalid) index.
        await using var blocker = new NpgsqlConnection(db.ConnectionString);
        await blocker.OpenAsync();
        var transaction = await blocker.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead);
        await using (var snapshot = new NpgsqlCommand("SELECT txid_current(), count(*) FROM pg_class", blocker, transaction))
        {
            await snapshot.ExecuteScalarAsync();
        }

        using (var victim = CliRunner.Start("migrate", "--db", db.Url, "--scripts", scripts.Path))
        {
            _ = victim.StandardOutput.ReadToEndAsync();
            _ = victim.StandardError.ReadToEndAsync();
            // Kill only once the build is parked waiting for the old snapshot.
            await OnlineUpgradeTests.WaitUntilAsync(async () => await db.CountAsync("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'CREATE INDEX CONCURRENTLY%' AND wait_event_type = 'Lock'") == 1);
            victim.Kill(entireProcessTree: true);
            await victim.WaitForExitAsync();
        }

        // A killed client's backend would go on building; a lost connection or an operator's cancel ends it too.
        await db.ScalarAsync("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'CREATE INDEX CONCURRENTLY%'");
        await OnlineUpgradeTests.WaitUntilAsync(async () => await db.CountAsync("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'CREATE INDEX CONCURRENTLY%'") == 0);
        await transaction.CommitAsync();
        Assert.Equal(false, await db.ScalarAsync("SELECT indisvalid FROM pg_index WHERE indexrelid = 'big_a'::regclass"));

        var rerun = await CliRunner.RunAsync("migrate", "--db", db.Url, "--scripts", scripts.Path);
        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        Assert.Equal(true, await db.ScalarAsync("SELECT indisvalid FROM pg_index WHERE indexrelid = 'big_a'::regclass"));
        Assert.Equal(1, await db.CountAsync("SELECT count(*) FROM pg_class WHERE relname LIKE 'big_a%'"));
    }

    private static async Task<CliResult> Migrate(PostgresTestDatabase db, ScriptFolder scripts, params string[] more)
    {
        var result = await CliRunner.RunAsync(["migrate", "--db", db.Url, "--scripts", scripts.Path, "--json", .. more]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }

    private static List<(string?, string?, string?)> Pending(CliResult status) =>
        [.. status.Json.GetProperty("pending").EnumerateArray().Select(p => (p.GetProperty("script").GetString(), p.GetProperty("state").GetString(), p.GetProperty("phase").GetString()))];

    private static string[] Applied(CliResult result) => Steps(result, "applied");

    private static string[] Steps(CliResult result, string status) =>
        [.. result.Json.GetProperty("steps").EnumerateArray().Where(s => s.GetProperty("status").GetString() == status).Select(s => s.GetProperty("script").GetString()!)];
}
