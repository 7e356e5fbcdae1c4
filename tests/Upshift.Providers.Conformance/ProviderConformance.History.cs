using Upshift.Errors;
using Upshift.History;
using Upshift.Planning;
using Upshift.Sessions;

namespace Upshift.Providers.Conformance;

public abstract partial class ProviderConformance
{
    [Fact]
    public virtual async Task The_history_dialect_finds_no_table_then_creates_it_idempotently_and_finds_it()
    {
        await using var db = await CreateFixtureAsync();
        var table = new HistoryTable(null, "conf_history");
        await using var provider = db.CreateProvider(table);
        await using var connection = await provider.OpenConnectionAsync(CancellationToken.None);

        Assert.False(await provider.History.ExistsAsync(connection, table, CancellationToken.None));
        for (var run = 0; run < 2; run++)
        {
            foreach (var statement in provider.History.CreateTableStatements(table))
            {
                await ExecuteOnAsync(connection, statement);
            }
        }

        Assert.True(await provider.History.ExistsAsync(connection, table, CancellationToken.None));
        Assert.False(await provider.History.ExistsAsync(connection, HistoryTable.Default, CancellationToken.None));
        Assert.Equal(0, await db.CountAsync($"SELECT count(*) FROM {provider.History.QualifiedName(table)}"));
    }

    [Fact]
    public virtual async Task History_rows_written_by_a_session_read_back_the_same_in_the_next_one()
    {
        await using var db = await CreateFixtureAsync();
        var scripts = new Dictionary<string, string>
        {
            ["V1__créer_la_table.sql"] = "CREATE TABLE h1 (id int);\nINSERT INTO h1 (id) VALUES (1);\n",
            ["V1.1__by_statement.sql"] = "-- upshift:no-transaction\nCREATE TABLE h2 (id int);\nINSERT INTO h2 (id) VALUES (1);\nINSERT INTO h2 (id) VALUES (2);\n",
            ["V2__third.sql"] = "INSERT INTO h1 (id) VALUES (2);\n",
            ["R__view.sql"] = "DROP VIEW IF EXISTS hv;\nCREATE VIEW hv AS SELECT id FROM h1;\n",
        };
        var options = new UpgradeOptions { AppliedBy = "conformance@suite", HistoryTable = new HistoryTable(null, "conf_history") };
        var before = DateTime.UtcNow;

        var report = await MigrateAsync(db, scripts, options);
        Assert.True(report.Succeeded, report.Error?.Message);
        var rows = await HistoryAsync(db, scripts, options);

        Assert.Equal(["V1__créer_la_table.sql", "V1.1__by_statement.sql", "V2__third.sql", "R__view.sql"], rows.Select(r => r.Script));
        Assert.Equal(["1", "1.1", "2", null], rows.Select(r => r.Version));
        Assert.Equal(["créer_la_table", "by_statement", "third", "view"], rows.Select(r => r.Description));
        Assert.Equal([HistoryKind.Versioned, HistoryKind.Versioned, HistoryKind.Versioned, HistoryKind.Repeatable], rows.Select(r => r.Kind));
        Assert.Equal(rows.Select(r => r.Rank).Order(), rows.Select(r => r.Rank));
        Assert.Equal(rows.Count, rows.Select(r => r.Rank).Distinct().Count());
        await using (var session = Session(db, scripts, options))
        {
            var catalog = session.LoadCatalog();
            Assert.Equal(rows.Select(r => catalog.Versioned.Concat(catalog.Repeatable).Single(s => s.Path == r.Script).Checksum), rows.Select(r => r.Checksum));
        }

        Assert.All(rows, r =>
        {
            Assert.True(r.Success);
            Assert.Equal("conformance@suite", r.AppliedBy);
            Assert.Equal(DateTimeKind.Utc, r.AppliedAt.Kind);

            // A wrong time zone moves the time by hours; the clocks of client and server may differ by seconds.
            Assert.InRange(r.AppliedAt, before.AddMinutes(-5), DateTime.UtcNow.AddMinutes(5));
            Assert.True(r.DurationMs >= 0);
        });
        Assert.Equal(3, rows[1].StatementsDone);
        Assert.NotNull(rows[1].StatementHashes);
        Assert.Equal(3, rows[1].StatementHashes!.Split(' ').Length);
        Assert.Equal(2, await db.CountAsync("SELECT count(*) FROM hv"));
    }

    [Fact]
    public virtual async Task A_baseline_row_reads_back_as_the_current_version()
    {
        await using var db = await CreateFixtureAsync();
        var scripts = new Dictionary<string, string> { ["V1__old.sql"] = "CREATE TABLE never_run (id int);", ["V3__new.sql"] = "CREATE TABLE b3 (id int);" };
        await using (var session = Session(db, scripts))
        {
            await session.BaselineAsync(Versions.SchemaVersion.Parse("2"), "adopted").WaitAsync(HangGuard);
        }

        var report = await MigrateAsync(db, scripts);
        Assert.True(report.Succeeded, report.Error?.Message);
        var rows = await HistoryAsync(db, scripts);
        Assert.Equal([HistoryKind.Baseline, HistoryKind.Versioned], rows.Select(r => r.Kind));
        Assert.Equal("2", rows[0].Version);
        Assert.Equal("adopted", rows[0].Description);
        Assert.Null(rows[0].Checksum);
        Assert.False(await CanReadAsync(db, "never_run"));
        Assert.True(await CanReadAsync(db, "b3"));
    }

    [Fact]
    public virtual async Task A_missing_history_table_is_no_history_and_reading_it_under_the_lock_creates_nothing()
    {
        await using var db = await CreateFixtureAsync();
        var scripts = new Dictionary<string, string> { ["V1__a.sql"] = "CREATE TABLE a (id int);" };
        await using var session = Session(db, scripts);
        MigrationPlan plan;

        await using (await session.HoldLockAsync().WaitAsync(HangGuard))
        {
            plan = await session.StatusAsync().WaitAsync(HangGuard);
        }

        Assert.Empty(plan.HistoryRows);
        Assert.Null(plan.From);
        Assert.Equal(MigrationState.Pending, Assert.Single(plan.Entries).State);
        await using var provider = db.CreateProvider();
        await using var connection = await provider.OpenConnectionAsync(CancellationToken.None);
        Assert.False(await provider.History.ExistsAsync(connection, HistoryTable.Default, CancellationToken.None));
    }

    [Fact]
    public virtual async Task A_history_table_that_cannot_be_read_is_an_error_and_nothing_runs()
    {
        await using var db = await CreateFixtureAsync();
        await db.ExecuteAsync($"CREATE TABLE {HistoryTable.DefaultName} (something_else int)");
        var scripts = new Dictionary<string, string> { ["V1__a.sql"] = "CREATE TABLE a (id int);" };

        await using (var session = Session(db, scripts))
        {
            var status = await Assert.ThrowsAsync<UpshiftException>(() => session.StatusAsync().WaitAsync(HangGuard));
            Assert.Equal(ErrorCode.HistoryUnreadable, status.Code);
        }

        await using (var session = Session(db, scripts))
        {
            var migrate = await Assert.ThrowsAsync<UpshiftException>(() => session.MigrateAsync().WaitAsync(HangGuard));
            Assert.Equal(ErrorCode.HistoryUnreadable, migrate.Code);
        }

        Assert.False(await CanReadAsync(db, "a"));
    }
}
