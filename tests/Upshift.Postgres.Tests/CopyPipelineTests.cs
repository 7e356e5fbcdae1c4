using Microsoft.Data.Sqlite;
using Upshift.Copy;
using Upshift.Diagnostics;
using Upshift.History;
using Upshift.Providers;

namespace Upshift.Postgres.Tests;

/// <summary>
/// The copy's fast paths into PostgreSQL, end to end on a real server: typed binary COPY of every common type, the
/// source read one chunk ahead of the writer, row hashes made without a string per value. Small chunks make many of them.
/// </summary>
public sealed class CopyPipelineTests : IAsyncLifetime
{
    private const int Parents = 700;
    private const int Children = 2300;
    private readonly string _sqlite = Path.Combine(Path.GetTempPath(), "upshift-copy-" + Guid.NewGuid().ToString("N") + ".db");
    private PostgresTestDatabase _target = null!;

    public async Task InitializeAsync()
    {
        _target = await PostgresTestDatabase.CreateAsync();
        await _target.ExecuteAsync("""
            CREATE TABLE parents (id bigint PRIMARY KEY, uid uuid NOT NULL, name varchar(80) NOT NULL, born timestamptz NOT NULL,
                seen timestamp NULL, day date NULL, amount numeric(12, 2) NOT NULL, score double precision NULL, ratio real NULL,
                flag boolean NOT NULL, small smallint NULL, mid integer NULL, blob bytea NULL, code character(3) NULL);
            CREATE TABLE children (id integer PRIMARY KEY, parent_id bigint NOT NULL REFERENCES parents (id), note text NULL);
            """);
        await using var sqlite = new SqliteConnection($"Data Source={_sqlite};Pooling=False");
        await sqlite.OpenAsync();
        await using var command = sqlite.CreateCommand();
        command.CommandText = $"""
            CREATE TABLE parents (id INTEGER PRIMARY KEY, uid TEXT NOT NULL, name TEXT NOT NULL, born TIMESTAMP NOT NULL, seen TIMESTAMP,
                day DATE, amount NUMERIC NOT NULL, score REAL, ratio REAL, flag BOOLEAN NOT NULL, small INTEGER, mid INTEGER, blob BLOB, code TEXT);
            CREATE TABLE children (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parents (id), note TEXT);
            WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < {Parents})
            INSERT INTO parents SELECT n, upper(printf('%08x-0000-4000-8000-%012x', n * 7, n)), 'name ' || n || ' é',
                printf('2024-01-%02d %02d:%02d:%02d', 1 + n % 28, n % 24, n % 60, n % 59), CASE WHEN n % 5 = 0 THEN NULL ELSE '2023-06-01 12:00:00.25' END,
                CASE WHEN n % 3 = 0 THEN NULL ELSE '2020-02-29' END, (n * 37 % 100000) / 100.0, CASE WHEN n % 4 = 0 THEN NULL ELSE n / 8.0 END,
                n / 4.0, n % 2, n % 300, n * 1000, CASE WHEN n % 6 = 0 THEN NULL ELSE x'00ff10' END, CASE WHEN n % 2 = 0 THEN 'abc' END
            FROM g;
            WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < {Children})
            INSERT INTO children SELECT n, 1 + n * 13 % {Parents}, CASE WHEN n % 7 = 0 THEN NULL ELSE 'child ' || n END FROM g;
            """;
        await command.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        await _target.DisposeAsync();
        File.Delete(_sqlite);
    }

    [Fact]
    public async Task Every_row_arrives_once_and_both_sides_hash_alike()
    {
        var result = await CopyAsync(new CopyOptions { ChunkRows = 97 });

        Assert.True(result.Equal, string.Join("; ", result.Verification.Select(v => v.Problem)));
        Assert.Equal([Parents, Children], result.Verification.OrderBy(v => v.Target, StringComparer.Ordinal).Select(v => v.TargetRows).Reverse());
        Assert.All(result.Verification, v => Assert.Equal(v.SourceHash, v.TargetHash));
        Assert.Equal("0000000e-0000-4000-8000-000000000002|name 2 é|2023-06-01 12:00:00.25|00ff10|abc|0.5|2000",
            await _target.ScalarAsync("SELECT uid || '|' || name || '|' || seen || '|' || encode(blob, 'hex') || '|' || code || '|' || ratio || '|' || mid FROM parents WHERE id = 2"));
    }

    [Fact]
    public async Task A_copy_stopped_after_a_chunk_resumes_without_a_duplicate()
    {
        var stop = new StopAfter(5);
        await Assert.ThrowsAsync<StopAfter.Stopped>(() => CopyAsync(new CopyOptions { ChunkRows = 100, Parallel = 1, Faults = stop }));
        var partial = Convert.ToInt64(await _target.ScalarAsync("SELECT (SELECT count(*) FROM parents) + (SELECT count(*) FROM children)"));
        Assert.Equal(500, partial);

        var result = await CopyAsync(new CopyOptions { ChunkRows = 100 });

        Assert.True(result.Equal, string.Join("; ", result.Verification.Select(v => v.Problem)));
        Assert.Equal(Parents + Children, Convert.ToInt64(await _target.ScalarAsync("SELECT (SELECT count(*) FROM parents) + (SELECT count(*) FROM children)")));
    }

    [Fact]
    public async Task Verification_names_the_key_of_a_changed_target_row()
    {
        Assert.True((await CopyAsync(new CopyOptions { ChunkRows = 250 })).Equal);
        await _target.ExecuteAsync("UPDATE parents SET amount = amount + 0.01 WHERE id = 613");

        var result = await CopyAsync(new CopyOptions { VerifyOnly = true });

        var parents = Assert.Single(result.Verification, v => v.Target == "parents");
        Assert.False(parents.Equal);
        Assert.Contains("[\"613\"]", parents.Problem, StringComparison.Ordinal);
        Assert.True(Assert.Single(result.Verification, v => v.Target == "children").Equal);
    }

    private async Task<CopyResult> CopyAsync(CopyOptions options)
    {
        var settings = new ProviderSettings(HistoryTable.Default, new Redactor());
        var registry = new ProviderRegistry().AddPostgres().AddSqlite();
        await using var source = registry.Create("sqlite:" + _sqlite, null, settings);
        await using var target = registry.Create(_target.Url, null, settings);
        return await new CopyRunner(source, target, options).RunAsync();
    }

    /// <summary>Ends the copy (as a kill would) after <c>chunks</c> committed chunks.</summary>
    private sealed class StopAfter(int chunks) : IFaultInjector
    {
        private int _reached;

        public void Reach(string point)
        {
            if (point == "copy-after-chunk" && Interlocked.Increment(ref _reached) == chunks)
            {
                throw new Stopped();
            }
        }

        public sealed class Stopped : Exception;
    }
}
