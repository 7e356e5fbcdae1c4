using Upshift.History;
using Upshift.Sessions;
using Upshift.Sources;

namespace Upshift.Providers.Conformance;

public abstract partial class ProviderConformance
{
    [Fact]
    public virtual async Task The_history_stamp_moves_with_every_change_to_the_table_whoever_makes_it()
    {
        await using var db = await CreateFixtureAsync();
        var table = new HistoryTable(null, "stamp_history");
        var options = new UpgradeOptions { HistoryTable = table };
        var scripts = new Dictionary<string, string> { ["V1__a.sql"] = "CREATE TABLE sa (id int);\n", ["V2__b.sql"] = "CREATE TABLE sb (id int);\n" };
        await using var provider = db.CreateProvider(table);
        await using var connection = await provider.OpenConnectionAsync(CancellationToken.None);
        Assert.Equal(new HistoryStamp(false, null), await provider.History.StampAsync(connection, table, CancellationToken.None));

        Assert.True((await MigrateAsync(db, scripts, options)).Succeeded);
        var name = provider.History.QualifiedName(table);
        var rank = provider.History.QuoteColumn("rank");
        var stamps = new List<HistoryStamp> { await provider.History.StampAsync(connection, table, CancellationToken.None) };
        Assert.True(stamps[0].Exists);
        Assert.Equal(stamps[0], await provider.History.StampAsync(connection, table, CancellationToken.None));

        // Another connection updates, deletes and inserts; this one does too: each change must move the stamp.
        var columns = string.Join(", ", new[] { "version", "description", "kind", "script", "checksum", "applied_by", "applied_at", "duration_ms", "success", "statements_done", "statement_hashes", "resume_key" }.Select(provider.History.QuoteColumn));
        string[] changes =
        [
            $"UPDATE {name} SET checksum = 'edited' WHERE {rank} = 1",
            $"DELETE FROM {name} WHERE {rank} = 2",
            $"INSERT INTO {name} ({rank}, {columns}) SELECT 7, {columns} FROM {name} WHERE {rank} = 1",
        ];
        foreach (var change in changes)
        {
            await db.ExecuteAsync(change);
            stamps.Add(await provider.History.StampAsync(connection, table, CancellationToken.None));
        }

        await ExecuteOnAsync(connection, $"UPDATE {name} SET description = 'by this connection' WHERE {rank} = 7");
        stamps.Add(await provider.History.StampAsync(connection, table, CancellationToken.None));
        Assert.All(stamps, s => Assert.True(s.Exists));
        if (stamps[0].Value is not null)
        {
            Assert.Equal(stamps.Count, stamps.Select(s => s.Value).Distinct().Count());
        }

        await db.ExecuteAsync($"DROP TABLE {name}");
        Assert.False((await provider.History.StampAsync(connection, table, CancellationToken.None)).Exists);
    }

    [Fact]
    public virtual async Task A_session_kept_open_plans_from_the_history_as_it_is_now_and_reuses_what_did_not_change()
    {
        await using var db = await CreateFixtureAsync();
        var source = ScriptSources.InMemory(new Dictionary<string, string> { ["V1__a.sql"] = "CREATE TABLE ka (id int);\n", ["V2__b.sql"] = "CREATE TABLE kb (id int);\n" }).ReadOnce();
        var options = new UpgradeOptions { Scripts = source, EngineWords = db.Registry };
        await using var session = UpgradeSession.Open(db.CreateProvider(), options);
        Assert.True((await session.MigrateAsync()).Succeeded);

        var first = await session.PlanAsync();
        var again = await session.PlanAsync();
        Assert.True(first.IsUpToDate);
        await using var provider = db.CreateProvider();
        await using (var connection = await provider.OpenConnectionAsync(CancellationToken.None))
        {
            if ((await provider.History.StampAsync(connection, HistoryTable.Default, CancellationToken.None)).Value is not null)
            {
                // Nothing changed: neither the rows nor the plan are made again.
                Assert.Same(first, again);
            }
        }

        // Another process takes V2 out of the history: the session must see it at once.
        await db.ExecuteAsync($"DELETE FROM {provider.History.QualifiedName(HistoryTable.Default)} WHERE version = '2'");
        var after = await session.PlanAsync();
        Assert.Equal(["V2__b.sql"], after.Steps.Select(s => s.Script.Path));
        await db.ExecuteAsync("DROP TABLE kb");
        Assert.Single((await session.MigrateAsync()).Steps);
        Assert.True((await session.PlanAsync()).IsUpToDate);
    }
}
