using Npgsql;
using Upshift.Conformance;

namespace Upshift.Postgres.Tests.Runbooks;

/// <summary>Runbook steps that need a real server: conflicting sessions, objects a migration loses, a queue drained by a writer, release hops.</summary>
public sealed class RunbookPostgresTests : IAsyncLifetime
{
    private readonly RunbookFolder _folder = new();
    private PostgresTestDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync();
        _folder.Write("sql/V1__items.sql", "CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL);\nINSERT INTO items VALUES (1, 'one'), (2, 'two');\n")
            .Write("sql/V2__rebuild.sql", "CREATE TABLE items_new (id int PRIMARY KEY, name text NOT NULL, price int NOT NULL DEFAULT 0);\nINSERT INTO items_new (id, name) SELECT id, name FROM items;\nDROP TABLE items CASCADE;\nALTER TABLE items_new RENAME TO items;\n");
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task No_conflicting_sessions_fails_on_an_open_transaction_on_a_touched_table_and_waits_for_it_to_end()
    {
        await MigrateToAsync("1");
        _folder.Write("runbook.yaml", Runbook("- no-conflicting-sessions: { component: idb, policy: fail }\n  - migrate: { component: idb }"));
        await using var other = await OpenAsync();
        await using var transaction = await other.BeginTransactionAsync();
        await using (var read = new NpgsqlCommand("SELECT count(*) FROM items", other, transaction))
        {
            await read.ExecuteScalarAsync();
        }

        var failed = await _folder.RunAsync();

        Assert.True(failed.ExitCode == 1, failed.ToString());
        Assert.Matches(@"failed: no-conflicting-sessions-1: 1 conflicting: pid \d+ .*holds locks on items", failed.Stdout);
        Assert.False(await _database.TableExistsAsync("items_new") || await ColumnExistsAsync("price"));

        _folder.Write("runbook.yaml", Runbook("- no-conflicting-sessions: { component: idb, policy: wait, interval: 200ms, timeout: 1m }\n  - migrate: { component: idb }"));
        await _folder.RunAsync("--status");
        File.Delete(_folder.StatePath);
        var waiting = _folder.RunAsync();
        await _folder.WaitForStateAsync("no-conflicting-sessions-1", "running");
        await Task.Delay(1000);
        Assert.False(waiting.IsCompleted);
        await transaction.RollbackAsync();
        var run = await waiting;

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(await ColumnExistsAsync("price"));
    }

    [Fact]
    public async Task Sessions_idle_or_busy_elsewhere_are_not_conflicts()
    {
        await MigrateToAsync("1");
        await _database.ExecuteAsync("CREATE TABLE audit (id int)");
        _folder.Write("runbook.yaml", Runbook("- no-conflicting-sessions: { component: idb, policy: fail }"));
        await using var other = await OpenAsync();
        await using var transaction = await other.BeginTransactionAsync();
        await using (var read = new NpgsqlCommand("SELECT count(*) FROM audit", other, transaction))
        {
            await read.ExecuteScalarAsync();
        }

        var run = await _folder.RunAsync();

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("no conflicting sessions (1 check)", (await _folder.StepsAsync())["no-conflicting-sessions-1"].GetProperty("observation").GetString());
    }

    [Fact]
    public async Task Keep_custom_objects_re_creates_an_index_and_a_view_that_the_migration_lost()
    {
        await MigrateToAsync("1");
        await _database.ExecuteAsync("CREATE INDEX ix_site_item_name ON items (name); CREATE VIEW v_site_items AS SELECT id, name FROM items WHERE id > 0;");
        _folder.Write("runbook.yaml", Runbook("- keep-custom-objects: { component: idb, recreate: true }\n  - migrate: { component: idb }"));

        var run = await _folder.RunAsync();

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(1L, await _database.ScalarAsync("SELECT count(*) FROM pg_indexes WHERE indexname = 'ix_site_item_name'"));
        Assert.Equal(2L, await _database.ScalarAsync("SELECT count(*) FROM v_site_items"));
        var steps = await _folder.StepsAsync();
        Assert.Equal("recorded 2: ix_site_item_name (index), v_site_items (view)", steps["keep-custom-objects-1"].GetProperty("observation").GetString());
        Assert.Contains("custom objects of idb: 0 kept, re-created ix_site_item_name (index), v_site_items (view)", steps["migrate-2"].GetProperty("observation").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_recreate_lost_custom_objects_are_reported_by_name()
    {
        await MigrateToAsync("1");
        await _database.ExecuteAsync("CREATE INDEX ix_site_item_name ON items (name)");
        _folder.Write("runbook.yaml", Runbook("- keep-custom-objects: { component: idb }\n  - migrate: { component: idb }"));

        var run = await _folder.RunAsync();

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(0L, await _database.ScalarAsync("SELECT count(*) FROM pg_indexes WHERE indexname = 'ix_site_item_name'"));
        Assert.Contains("lost ix_site_item_name (index)", (await _folder.StepsAsync())["migrate-2"].GetProperty("observation").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sql_wait_holds_once_a_writer_has_drained_the_queue()
    {
        await _database.ExecuteAsync("CREATE TABLE queue (id int); INSERT INTO queue SELECT generate_series(1, 5);");
        _folder.Write("runbook.yaml", Runbook("- id: drained\n    wait-until: { component: idb, rows: \"SELECT id FROM queue\", at-most: 0, interval: 100ms, timeout: 1m }"));
        var running = _folder.RunAsync();
        await _folder.WaitForStateAsync("drained", "running");
        for (var id = 1; id <= 5; id++)
        {
            await Task.Delay(200);
            await _database.ExecuteAsync($"DELETE FROM queue WHERE id = {id}");
        }

        var run = await running;

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Matches(@"^0 rows \((\d+) polls\)$", (await _folder.StepsAsync())["drained"].GetProperty("observation").GetString());
    }

    [Fact]
    public async Task A_component_hops_release_by_release_from_the_version_its_legacy_table_reports()
    {
        await _database.ExecuteAsync("CREATE TABLE g_db_parameters (sect text, opt text, val text); INSERT INTO g_db_parameters VALUES ('schema', 'version', '7.2.000'); CREATE TABLE calls (id int);");
        _folder.Write("rel/7.6/release.yaml", "version: 7.6.000\nupgrades-from: \">= 7.0\"\n")
            .Write("rel/7.6/V7.6.000__calls_agent.sql", "ALTER TABLE calls ADD COLUMN agent text;\nUPDATE g_db_parameters SET val = '7.6.000' WHERE opt = 'version';\n")
            .Write("rel/8.5/release.yaml", "version: 8.5.000\nupgrades-from: \">= 7.5\"\n")
            .Write("rel/8.5/V8.5.000__calls_media.sql", "ALTER TABLE calls ADD COLUMN media text;\nUPDATE g_db_parameters SET val = '8.5.000' WHERE opt = 'version';\n")
            .Write("runbook.yaml", $$"""
                runbook: hops
                components:
                  idb:
                    db: {{_database.Url}}
                    releases: [./rel/7.6, ./rel/8.5]
                    version-query: SELECT val FROM g_db_parameters WHERE sect = 'schema' AND opt = 'version'
                steps:
                  - migrate: { component: idb }
                """);

        var plan = await _folder.RunAsync("--plan");
        var run = await _folder.RunAsync();

        Assert.True(plan.ExitCode == 0, plan.ToString());
        Assert.Contains("component idb: 7.2.000 -> 8.5.000, 1 scripts pending, hops 7.2.000 -> 7.6.000 -> 8.5.000", plan.Stdout, StringComparison.Ordinal);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("8.5.000", await _database.ScalarAsync("SELECT val FROM g_db_parameters WHERE opt = 'version'"));
        Assert.Equal(2L, await _database.ScalarAsync("SELECT count(*) FROM information_schema.columns WHERE table_name = 'calls' AND column_name IN ('agent', 'media')"));
        Assert.Equal("idb: 7.2.000 -> 7.6.000 -> 8.5.000", (await _folder.StepsAsync())["migrate-1"].GetProperty("observation").GetString());
    }

    [Fact]
    public async Task A_jump_no_release_allows_is_refused_before_the_first_step_with_the_reason()
    {
        await _database.ExecuteAsync("CREATE TABLE g_db_parameters (sect text, opt text, val text); INSERT INTO g_db_parameters VALUES ('schema', 'version', '6.0');");
        _folder.Write("rel/7.6/release.yaml", "version: 7.6\nupgrades-from: \">= 7.0\"\n").Write("rel/7.6/V7.6__x.sql", "SELECT 1;\n")
            .Write("rel/8.5/release.yaml", "version: 8.5\nupgrades-from: \">= 7.5\"\n").Write("rel/8.5/V8.5__y.sql", "SELECT 1;\n")
            .Write("runbook.yaml", $$"""
                runbook: hops
                components:
                  idb:
                    db: {{_database.Url}}
                    releases: [./rel/7.6, ./rel/8.5]
                    version-query: SELECT val FROM g_db_parameters WHERE sect = 'schema' AND opt = 'version'
                steps:
                  - exec: touch ran.txt
                  - migrate: { component: idb }
                """);

        var plan = await _folder.RunAsync("--plan");
        var run = await _folder.RunAsync();

        Assert.True(plan.ExitCode == 2, plan.ToString());
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("component idb: no upgrade path to 8.5: 8.5 upgrades from >= 7.5; 7.6 upgrades from >= 7.0; the database is at 6.0", run.ErrorLine, StringComparison.Ordinal);
        Assert.False(_folder.Exists("ran.txt"));
    }

    private string Runbook(string steps) => $"runbook: pg\ncomponents:\n  idb:\n    db: {_database.Url}\n    scripts: ./sql\nsteps:\n  {steps}\n";

    private async Task MigrateToAsync(string version)
    {
        var result = await CliRunner.RunAsync("migrate", "--db", _database.Url, "--scripts", _folder.Full("sql"), "--target", version);
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    private async Task<bool> ColumnExistsAsync(string column) =>
        (long)(await _database.ScalarAsync($"SELECT count(*) FROM information_schema.columns WHERE table_name = 'items' AND column_name = '{column}'"))! > 0;

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }
}
