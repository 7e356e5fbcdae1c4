using System.Data.Common;
using Upshift.Errors;
using Upshift.Sessions;

namespace Upshift.Providers.Conformance;

public abstract partial class ProviderConformance
{
    [Fact]
    public virtual async Task The_provider_declares_every_capability_the_engine_has()
    {
        await using var db = await CreateFixtureAsync();
        await using var provider = db.CreateProvider();
        var capabilities = provider.Capabilities;
        var offered = new Dictionary<string, bool>
        {
            [nameof(ProviderCapabilities.AsynchronousCommit)] = capabilities.AsynchronousCommit is not null,
            [nameof(ProviderCapabilities.CommitInBatch)] = capabilities.CommitInBatch is not null,
            [nameof(ProviderCapabilities.ActivityMonitor)] = capabilities.ActivityMonitor is not null,
            [nameof(ProviderCapabilities.Backup)] = capabilities.Backup is not null,
            [nameof(ProviderCapabilities.Batches)] = capabilities.Batches is not null,
        };

        Assert.All(db.CapabilitiesLacking, name => Assert.True(offered.ContainsKey(name), $"'{name}' is not a capability"));
        Assert.Equal(
            offered.Where(c => !c.Value).Select(c => c.Key).Order(StringComparer.Ordinal),
            db.CapabilitiesLacking.Order(StringComparer.Ordinal));
    }

    [Fact]
    public virtual async Task A_declared_asynchronous_commit_statement_runs_first_in_a_transaction_that_then_commits()
    {
        await using var db = await CreateFixtureAsync();
        await using var provider = db.CreateProvider();
        if (LacksAsDeclared(db, provider.Capabilities.AsynchronousCommit, nameof(ProviderCapabilities.AsynchronousCommit)))
        {
            return;
        }

        await db.ExecuteAsync("CREATE TABLE ac (id int)");
        await using var connection = await provider.OpenConnectionAsync(CancellationToken.None);

        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await ExecuteOnAsync(connection, provider.Capabilities.AsynchronousCommit!.AsynchronousCommitStatement, transaction);
            await ExecuteOnAsync(connection, "INSERT INTO ac (id) VALUES (1)", transaction);
            await transaction.CommitAsync();
        }

        Assert.Equal(1, await db.CountAsync("SELECT count(*) FROM ac"));
    }

    [Fact]
    public virtual async Task A_declared_commit_in_batch_commits_the_batch_or_rolls_all_of_it_back()
    {
        await using var db = await CreateFixtureAsync();
        await using var provider = db.CreateProvider();
        if (LacksAsDeclared(db, provider.Capabilities.CommitInBatch, nameof(ProviderCapabilities.CommitInBatch)))
        {
            return;
        }

        var server = provider.Capabilities.CommitInBatch!;
        await db.ExecuteAsync("CREATE TABLE cb (id int, ms bigint, later int)");
        await using var connection = await provider.OpenConnectionAsync(CancellationToken.None);

        await RunBatchAsync(connection, server, "INSERT INTO cb (id) VALUES (1)");
        Assert.Equal(2, await db.CountAsync("SELECT count(*) FROM cb"));
        Assert.Equal(0, await db.CountAsync("SELECT count(*) FROM cb WHERE id = 0 AND (ms < 0 OR later <> 1)"));

        await Assert.ThrowsAnyAsync<DbException>(() => RunBatchAsync(connection, server, "INSERT INTO cb (id) VALUES (2)", "INSERT INTO no_such_table (id) VALUES (2)"));
        Assert.Equal(0, await db.CountAsync("SELECT count(*) FROM cb WHERE id = 2"));
        Assert.Equal(2, await db.CountAsync("SELECT count(*) FROM cb"));

        // The connection is out of every transaction either way: a plain statement on it commits by itself.
        await ExecuteOnAsync(connection, "INSERT INTO cb (id) VALUES (3)");
        Assert.Equal(1, await db.CountAsync("SELECT count(*) FROM cb WHERE id = 3"));
    }

    [Fact]
    public virtual async Task A_declared_batch_dialect_bounds_the_batches_of_a_backfill_and_without_one_the_script_is_refused()
    {
        await using var db = await CreateFixtureAsync();
        await db.ExecuteAsync("CREATE TABLE bf (id int PRIMARY KEY, v int)");
        await db.ExecuteAsync("INSERT INTO bf (id, v) VALUES (1, 0), (2, 0), (3, 0), (5, 0), (8, 0), (13, 0), (21, 0)");
        var scripts = new Dictionary<string, string>
        {
            ["V1__fill.sql"] = "-- upshift:batch key=id size=2\nUPDATE bf SET v = 1 WHERE id > @batch_start AND id <= @batch_end;\n",
        };
        await using var provider = db.CreateProvider();
        if (provider.Capabilities.Batches is not { } dialect)
        {
            var refused = await Assert.ThrowsAsync<UpshiftException>(() => MigrateAsync(db, scripts));
            Assert.Equal(ErrorCode.BadScript, refused.Code);
            return;
        }

        await using (var connection = await provider.OpenConnectionAsync(CancellationToken.None))
        {
            Assert.Equal("3", await BatchEndAsync(connection, dialect, last: 0, max: 21, offset: 2));
            Assert.Equal("13", await BatchEndAsync(connection, dialect, last: 3, max: 21, offset: 2));
            Assert.Equal("8", await BatchEndAsync(connection, dialect, last: 3, max: 8, offset: 1));
            Assert.Null(await BatchEndAsync(connection, dialect, last: 13, max: 21, offset: 2));
        }

        var report = await MigrateAsync(db, scripts);

        Assert.True(report.Succeeded, report.Error?.Message);
        Assert.Equal(7, await db.CountAsync("SELECT count(*) FROM bf WHERE v = 1"));
    }

    [Fact]
    public virtual async Task A_declared_activity_monitor_finds_a_session_blocking_a_table_and_nothing_once_it_is_gone()
    {
        await using var db = await CreateFixtureAsync();
        await using var provider = db.CreateProvider();
        if (LacksAsDeclared(db, provider.Capabilities.ActivityMonitor, nameof(ProviderCapabilities.ActivityMonitor)))
        {
            return;
        }

        var monitor = provider.Capabilities.ActivityMonitor!;
        await db.ExecuteAsync("CREATE TABLE am (id int PRIMARY KEY, v int)");
        await db.ExecuteAsync("CREATE TABLE am_other (id int)");
        await db.ExecuteAsync("INSERT INTO am (id, v) VALUES (1, 0)");
        await using var migration = await provider.OpenConnectionAsync(CancellationToken.None);
        var hour = TimeSpan.FromHours(1);

        await using (var blocker = await provider.OpenConnectionAsync(CancellationToken.None))
        await using (var transaction = await blocker.BeginTransactionAsync())
        {
            await ExecuteOnAsync(blocker, "UPDATE am SET v = 1 WHERE id = 1", transaction);
            Assert.NotEmpty(await monitor.FindConflictsAsync(migration, ["am"], hour, CancellationToken.None));
            Assert.Empty(await monitor.FindConflictsAsync(migration, ["am_other"], hour, CancellationToken.None));
            Assert.NotEmpty(await monitor.FindConflictsAsync(migration, ["am_other"], TimeSpan.Zero, CancellationToken.None));
            await transaction.RollbackAsync();
        }

        Assert.Empty(await monitor.FindConflictsAsync(migration, ["am"], hour, CancellationToken.None));
    }

    /// <summary>Statements, then the server's elapsed time and the start plus elapsed compared with the start, then the COMMIT: one batch.</summary>
    private static async Task RunBatchAsync(DbConnection connection, ICommitInBatch server, params string[] statements)
    {
        await using var transaction = await connection.BeginTransactionAsync();
        await using var batch = connection.CreateBatch();
        batch.Transaction = transaction;
        foreach (var text in statements)
        {
            var command = batch.CreateBatchCommand();
            command.CommandText = text;
            batch.BatchCommands.Add(command);
        }

        var timing = batch.CreateBatchCommand();
        timing.CommandText = $"INSERT INTO cb (id, ms, later) SELECT 0, {server.ElapsedMillisecondsSql}, CASE WHEN {server.StartPlusElapsedSql("@start")} >= @start THEN 1 ELSE 0 END";
        var start = timing.CreateParameter();
        start.ParameterName = "@start";
        start.Value = DateTime.UtcNow;
        timing.Parameters.Add(start);
        batch.BatchCommands.Add(timing);
        var commit = batch.CreateBatchCommand();
        commit.CommandText = server.CommitStatement;
        batch.BatchCommands.Add(commit);
        await batch.ExecuteNonQueryAsync().WaitAsync(HangGuard);
    }

    private static async Task<string?> BatchEndAsync(DbConnection connection, IBatchDialect dialect, long last, long max, int offset)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = dialect.BatchEndQuery("bf", "id", "@last", "@max", offset);
        foreach (var (name, value) in new[] { ("@last", last), ("@max", max) })
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return await command.ExecuteScalarAsync() is { } end and not DBNull ? Convert.ToString(end, System.Globalization.CultureInfo.InvariantCulture) : null;
    }
}
