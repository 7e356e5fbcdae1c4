using Upshift.Sessions;
using Upshift.Sources;
using Upshift.Conformance;
using Upshift.Engine;
using Upshift.Errors;
using Upshift.Providers;

namespace Upshift.Sqlite.Tests;

/// <summary>The SQL of a batched backfill's keyset step is the provider's, declared like every other capability.</summary>
public sealed class BatchDialectTests
{
    private const string Backfill = "-- upshift:batch key=id size=3\nUPDATE t SET v = 1 WHERE id > @batch_start AND id <= @batch_end;\n";

    [Fact]
    public async Task A_backfill_walks_its_keys_with_the_providers_batch_dialect()
    {
        await using var db = new SqliteTestDatabase();
        await db.ExecuteAsync("CREATE TABLE t (id integer PRIMARY KEY, v int); INSERT INTO t (id) VALUES (1),(2),(3),(4),(5),(6),(7),(8),(9),(10);");
        using var scripts = new ScriptFolder();
        scripts.Write("V1__fill.sql", Backfill);
        var inner = db.CreateProvider();
        var dialect = new CountingDialect(inner.Capabilities.Batches!);
        await using var provider = new DecoratingProvider(inner, c => c with { Batches = dialect });

        await using var session = UpgradeSession.Create(provider, new UpgradeOptions { Scripts = ScriptSources.Folder(scripts.Path), EngineWords = db.Registry });

        var report = await session.MigrateAsync();

        Assert.True(report.Succeeded, report.Error?.Message);
        Assert.Equal(10, await db.CountAsync("SELECT count(*) FROM t WHERE v = 1"));
        Assert.Equal(4, dialect.Queries);
    }

    [Fact]
    public async Task A_provider_without_a_batch_dialect_refuses_a_batched_script_before_changing_anything()
    {
        await using var db = new SqliteTestDatabase();
        await db.ExecuteAsync("CREATE TABLE t (id integer PRIMARY KEY, v int);");
        using var scripts = new ScriptFolder();
        scripts.Write("V1__first.sql", "CREATE TABLE first (id int);").Write("V2__fill.sql", Backfill);
        await using var provider = new DecoratingProvider(db.CreateProvider(), c => c with { Batches = null });

        var error = await Assert.ThrowsAsync<UpshiftException>(async () =>
        {
            await using var session = UpgradeSession.Create(provider, new UpgradeOptions { Scripts = ScriptSources.Folder(scripts.Path), EngineWords = db.Registry });
            await session.MigrateAsync();
        });

        Assert.Equal(ErrorCode.BadScript, error.Code);
        Assert.Contains("sqlite has no batched backfills", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("V2__fill.sql", error.File, StringComparison.Ordinal);
        Assert.False(await db.TableExistsAsync("first"));
    }

    private sealed class CountingDialect(IBatchDialect inner) : IBatchDialect
    {
        private int _queries;

        public int Queries => Volatile.Read(ref _queries);

        public string BatchEndQuery(string table, string key, string last, string max, int offset)
        {
            Interlocked.Increment(ref _queries);
            return inner.BatchEndQuery(table, key, last, max, offset);
        }
    }
}
