using Upshift.Catalog;
using Upshift.Conformance;
using Upshift.Diagnostics;
using Upshift.Errors;
using Upshift.History;
using Upshift.Providers;
using Upshift.Sessions;
using Upshift.Sources;

namespace Upshift.Sqlite.Tests;

/// <summary>The library's front door as a .NET user meets it: open a session on an address, then call the operations.</summary>
public sealed class FrontDoorTests
{
    [Fact]
    public async Task A_session_opened_on_an_address_migrates_and_reports_the_new_version()
    {
        await using var database = new SqliteTestDatabase();
        using var scripts = new ScriptFolder()
            .Write("V1__orders.sql", "CREATE TABLE orders (id INTEGER PRIMARY KEY, total NUMERIC);")
            .Write("V2__customer.sql", "ALTER TABLE orders ADD COLUMN customer TEXT;")
            .Write("Upgrade_3_postgres.sql", "this is for another engine and never runs");

        await using var db = await UpgradeSession.OpenAsync(database.Url, o => o.UseSqlite().Scripts(scripts.Path));
        var plan = await db.PlanAsync();
        Assert.Equal(2, plan.Steps.Count);

        var report = await db.MigrateAsync();
        Assert.True(report.Succeeded, report.Error?.Message);
        var status = await db.StatusAsync();
        Assert.Equal("2", status.From?.Text);
        Assert.Equal(Planning.PlanState.Clean, status.State);
        Assert.True(await database.TableExistsAsync("orders"));
        Assert.True((await db.ValidateAsync()).IsValid);
    }

    [Fact]
    public async Task Migrate_to_a_target_below_the_current_version_throws_naming_both_and_changes_nothing()
    {
        await using var database = new SqliteTestDatabase();
        using var scripts = new ScriptFolder()
            .Write("V1__a.sql", "CREATE TABLE a (id int);")
            .Write("V2__b.sql", "CREATE TABLE b (id int);")
            .Write("V3__c.sql", "CREATE TABLE c (id int);");
        await using (var first = await UpgradeSession.OpenAsync(database.Url, o => o.UseSqlite().Scripts(scripts.Path).Options(x => x with { Target = Versions.SchemaVersion.Parse("2") })))
        {
            Assert.True((await first.MigrateAsync()).Succeeded);
        }

        await using var db = await UpgradeSession.OpenAsync(database.Url, o => o.UseSqlite().Scripts(scripts.Path).Options(x => x with { Target = Versions.SchemaVersion.Parse("1") }));
        var error = await Assert.ThrowsAsync<UpshiftException>(() => db.MigrateAsync());
        Assert.Equal(ErrorCode.TargetBelowCurrent, error.Code);
        Assert.Equal(ExitCodes.ValidationFailed, error.ExitCode);
        Assert.StartsWith("the target version 1 is below the current version 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("rollback --to 1", error.Hint, StringComparison.Ordinal);
        Assert.True(PlanProblems.TryDescribeTarget(await db.PlanAsync(), db.Options.Target, out _));
        Assert.False(await database.TableExistsAsync("c"));
        Assert.True(await database.TableExistsAsync("b"));
    }

    [Fact]
    public async Task An_address_no_registered_provider_reads_is_bad_input_and_names_what_is_registered()
    {
        var unknown = await Assert.ThrowsAsync<UpshiftException>(() => UpgradeSession.OpenAsync("postgres://app:s3cret-pw@db/app", o => o.UseSqlite()));
        Assert.Equal(ErrorCode.BadArguments, unknown.Code);
        Assert.Contains("sqlite:", unknown.Hint, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-pw", unknown.Message + unknown.Hint, StringComparison.Ordinal);

        var none = await Assert.ThrowsAsync<UpshiftException>(() => UpgradeSession.OpenAsync("sqlite:x.db", _ => { }));
        Assert.Equal(ErrorCode.BadArguments, none.Code);
        Assert.Contains("'sqlite:'", none.Hint, StringComparison.Ordinal);
        Assert.Contains("Use<Engine>()", none.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sessions_opened_at_the_front_door_report_spans_metrics_and_log_events()
    {
        await using var database = new SqliteTestDatabase();
        using var scripts = new ScriptFolder().Write("V1__a.sql", "CREATE TABLE a (id INTEGER);").Write("V2__b.sql", "CREATE TABLE b (id INTEGER);");
        using var capture = new TelemetryCapture();

        await using (var db = await UpgradeSession.OpenAsync(database.Url, o => o.UseSqlite().Scripts(scripts.Path).UseLogging(capture.LoggerFactory).UseMeterFactory(capture.Meters)))
        {
            Assert.True((await db.MigrateAsync()).Succeeded);
        }

        Assert.Equal(2, capture.Sum(UpshiftDiagnostics.ScriptsApplied));
        Assert.Equal(2, capture.Spans.Count(s => s.OperationName == UpshiftDiagnostics.ScriptActivity));
        Assert.Single(capture.Spans, s => s.OperationName == UpshiftDiagnostics.RunActivity);
        Assert.Contains(capture.Logs, e => e.Id == UpshiftEventIds.LockAcquired);
        Assert.Equal(2, capture.Logs.Count(e => e.Id == UpshiftEventIds.StepCompleted));
    }

    [Fact]
    public async Task Operations_under_one_held_lock_read_the_history_once_and_keep_others_out()
    {
        await using var database = new SqliteTestDatabase();
        using var scripts = new ScriptFolder().Write("V1__a.sql", "CREATE TABLE a (id INTEGER);");
        var counting = new CountingHistory(database.CreateProvider());
        var options = new UpgradeOptions { Scripts = ScriptSources.Folder(scripts.Path), EngineWords = database.Registry, LockTimeout = TimeSpan.Zero };
        await using var session = UpgradeSession.Create(counting, options);

        await using (await session.HoldLockAsync())
        {
            var before = await session.PlanAsync();
            Assert.Single(before.Steps);

            // Another process cannot slip in between what this session does under its hold.
            await using var other = UpgradeSession.Open(database.CreateProvider(), options);
            var refused = await Assert.ThrowsAsync<UpshiftException>(() => other.MigrateAsync());
            Assert.Equal(ErrorCode.LockTimeout, refused.Code);

            Assert.True((await session.MigrateAsync()).Succeeded);
            Assert.Equal(1, counting.Reads);
        }

        // Without the hold every operation reads the history afresh: it may have changed since.
        await session.PlanAsync();
        await session.PlanAsync();
        Assert.Equal(3, counting.Reads);
    }

    [Fact]
    public async Task Scripts_in_memory_and_a_catalog_read_once_serve_several_databases()
    {
        var source = ScriptSources.InMemory(new Dictionary<string, string>
        {
            ["V1__a.sql"] = "CREATE TABLE a (id INTEGER);",
            ["sub/V2__b.sql"] = "CREATE TABLE b (id INTEGER);",
        }).ReadOnce();
        var registry = new ProviderRegistry().AddSqlite();
        Assert.Same(source.Load("sqlite", registry, []), source.Load("sqlite", registry, []));

        for (var i = 0; i < 3; i++)
        {
            await using var database = new SqliteTestDatabase();
            await using var db = await UpgradeSession.OpenAsync(database.Url, o => o.UseSqlite().Scripts(source));
            var report = await db.MigrateAsync();
            Assert.Equal(["V1__a.sql", "sub/V2__b.sql"], report.Steps.Select(s => s.Step.Script.Path));
            Assert.True(await database.TableExistsAsync("b"));
        }
    }

    /// <summary>A decorator that counts reads of the history table (each read asks whether the table exists first).</summary>
    private sealed class CountingHistory(IDatabaseProvider inner) : IDatabaseProvider
    {
        private readonly CountingDialect _history = new(inner.History);

        public int Reads => _history.Checks;

        public string Engine => inner.Engine;

        public string Target => inner.Target;

        public ProviderCapabilities Capabilities => inner.Capabilities;

        public IStatementRules Statements => inner.Statements;

        public IMigrationLock Lock => inner.Lock;

        public IHistoryDialect History => _history;

        public Task<System.Data.Common.DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) => inner.OpenConnectionAsync(cancellationToken);

        public Task<bool> ReconcileInterruptedAsync(System.Data.Common.DbConnection connection, string statement, CancellationToken cancellationToken) => inner.ReconcileInterruptedAsync(connection, statement, cancellationToken);

        public IReadOnlyList<string> SessionSetup(TimeSpan lockTimeout) => inner.SessionSetup(lockTimeout);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }

    private sealed class CountingDialect(IHistoryDialect inner) : IHistoryDialect
    {
        public int Checks { get; private set; }

        public string QualifiedName(HistoryTable table) => inner.QualifiedName(table);

        public string QuoteColumn(string name) => inner.QuoteColumn(name);

        public IReadOnlyList<string> CreateTableStatements(HistoryTable table) => inner.CreateTableStatements(table);

        public Task<bool> ExistsAsync(System.Data.Common.DbConnection connection, HistoryTable table, CancellationToken cancellationToken)
        {
            Checks++;
            return inner.ExistsAsync(connection, table, cancellationToken);
        }
    }
}
