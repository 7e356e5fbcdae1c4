using Upshift.Sessions;
using Upshift.Sources;
using System.Data.Common;
using Upshift.Conformance;
using Upshift.Engine;
using Upshift.Errors;
using Upshift.Providers;

namespace Upshift.Postgres.Tests;

/// <summary>
/// A provider wrapped by another (tracing, a fleet runner) keeps every fast path of the one inside: capabilities are
/// declared objects that the wrapper passes through, never interfaces found by casting the provider.
/// </summary>
public sealed class DecoratedProviderTests
{
    [Fact]
    public async Task A_decorated_provider_commits_each_script_in_its_batch_asynchronously_and_checks_activity()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        using var scripts = new ScriptFolder();
        scripts.Write("V1__a.sql", "CREATE TABLE a (id int);\nINSERT INTO a VALUES (1);\n")
            .Write("V2__b.sql", "CREATE TABLE b (id int);\n")
            .Write("V3__c.sql", "CREATE TABLE c (id int);\n");
        var inner = db.CreateProvider();
        var asynchronous = new CountingAsynchronousCommit(inner.Capabilities.AsynchronousCommit!);
        var inBatch = new CountingCommitInBatch(inner.Capabilities.CommitInBatch!);
        var monitor = new CountingActivityMonitor(inner.Capabilities.ActivityMonitor!);
        await using var provider = new DecoratingProvider(inner, c => c with { AsynchronousCommit = asynchronous, CommitInBatch = inBatch, ActivityMonitor = monitor });

        await using var session = UpgradeSession.Create(provider, new UpgradeOptions { Scripts = ScriptSources.Folder(scripts.Path), EngineWords = db.Registry });

        var report = await session.MigrateAsync();

        Assert.True(report.Succeeded, report.Error?.Message);
        Assert.Equal(3, report.Steps.Count(s => s.Outcome == StepOutcome.Applied));
        // One COMMIT and one server-measured duration per script, all three sent with their script's batch ...
        Assert.Equal(3, inBatch.Commits);
        Assert.Equal(3, inBatch.ServerDurations);
        // ... every commit but the run's last one without waiting for the disk ...
        Assert.Equal(2, asynchronous.Uses);
        // ... and the conflict check before the first change.
        Assert.Equal(1, monitor.Checks);
        Assert.Equal(3, await db.CountAsync("SELECT count(*) FROM upshift_history WHERE success AND duration_ms >= 0"));
        Assert.True(await db.TableExistsAsync("c"));
    }

    [Theory]
    [InlineData(true, 1)]
    [InlineData(false, 0)]
    public async Task A_decorated_provider_keeps_reading_the_scripts_while_it_connects(bool passedThrough, int connectionsBeforeTheBadNameIsReported)
    {
        // Bad input stops the run either way; whether the connection was asked for while the scripts were read shows
        // which path was taken, and that only the declared capability decides it.
        await using var db = await PostgresTestDatabase.CreateAsync();
        using var scripts = new ScriptFolder();
        scripts.Write("V1__ok.sql", "CREATE TABLE ok (id int);").Write("not-a-migration.sql", "SELECT 1;");
        var inner = db.CreateProvider();
        Assert.True(inner.Capabilities.OpensWithoutSideEffects);
        await using var provider = new DecoratingProvider(inner, passedThrough ? null : c => c with { OpensWithoutSideEffects = false });

        var error = await Assert.ThrowsAsync<UpshiftException>(async () =>
        {
            await using var session = UpgradeSession.Create(provider, new UpgradeOptions { Scripts = ScriptSources.Folder(scripts.Path), EngineWords = db.Registry });
            await session.MigrateAsync();
        });

        Assert.Equal(ErrorCode.BadScriptName, error.Code);
        Assert.Equal(connectionsBeforeTheBadNameIsReported, provider.ConnectionsOpened);
        Assert.False(await db.TableExistsAsync("upshift_history"));
    }

    private sealed class CountingAsynchronousCommit(IAsynchronousCommit inner) : IAsynchronousCommit
    {
        private int _uses;

        public int Uses => Volatile.Read(ref _uses);

        public string AsynchronousCommitStatement
        {
            get
            {
                Interlocked.Increment(ref _uses);
                return inner.AsynchronousCommitStatement;
            }
        }
    }

    private sealed class CountingCommitInBatch(ICommitInBatch inner) : ICommitInBatch
    {
        private int _commits;
        private int _durations;

        public int Commits => Volatile.Read(ref _commits);

        public int ServerDurations => Volatile.Read(ref _durations);

        public string CommitStatement
        {
            get
            {
                Interlocked.Increment(ref _commits);
                return inner.CommitStatement;
            }
        }

        public string ElapsedMillisecondsSql
        {
            get
            {
                Interlocked.Increment(ref _durations);
                return inner.ElapsedMillisecondsSql;
            }
        }

        public string StartPlusElapsedSql(string start) => inner.StartPlusElapsedSql(start);
    }

    private sealed class CountingActivityMonitor(IActivityMonitor inner) : IActivityMonitor
    {
        private int _checks;

        public int Checks => Volatile.Read(ref _checks);

        public Task<IReadOnlyList<string>> FindConflictsAsync(DbConnection connection, IReadOnlyCollection<string> tables, TimeSpan longTransaction, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _checks);
            return inner.FindConflictsAsync(connection, tables, longTransaction, cancellationToken);
        }
    }
}
