using System.Data.Common;
using Upshift.Catalog;
using Upshift.Engine;
using Upshift.History;
using Upshift.Providers;
using Upshift.Sql;

namespace Upshift.Core.Tests.Engine;

public sealed class RetryPolicyTests
{
    [Fact]
    public async Task A_transient_failure_is_retried_whether_or_not_a_statement_is_named()
    {
        var notices = new List<string>();
        var pipeline = RetryPolicy.Create(new TransientProvider(), 5, new Notices(notices));
        var attempts = 0;
        await pipeline.ExecuteAsync(_ =>
        {
            attempts++;
            return attempts switch
            {
                // At the COMMIT riding in a script's batch: no statement to name.
                1 => throw new Failure("lock timeout", transient: true),
                2 => throw new StatementFailedException(new SqlStatement("ALTER TABLE t ADD x int", 7), new Failure("lock timeout", transient: true)),
                _ => ValueTask.CompletedTask,
            };
        });
        Assert.Equal(3, attempts);
        Assert.Equal(2, notices.Count);
        Assert.Contains("(line 7)", notices[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failure_that_is_not_transient_is_not_retried()
    {
        var pipeline = RetryPolicy.Create(new TransientProvider(), 5, new Notices([]));
        var attempts = 0;
        await Assert.ThrowsAsync<Failure>(async () => await pipeline.ExecuteAsync(_ =>
        {
            attempts++;
            throw new Failure("syntax error", transient: false);
        }));
        Assert.Equal(1, attempts);
    }

    private sealed class Failure(string message, bool transient) : DbException(message)
    {
        public bool Transient { get; } = transient;
    }

    private sealed class Notices(List<string> notices) : IMigrationObserver
    {
        public void Notice(string message) => notices.Add(message);
    }

    private sealed class TransientProvider : IDatabaseProvider
    {
        public string Engine => "test";

        public string Target => "test://";

        public ProviderCapabilities Capabilities { get; } = new() { TransactionalDdl = true };

        public IStatementRules Statements { get; } = new TransientRules();

        public IMigrationLock Lock => throw new NotSupportedException();

        public IHistoryDialect History => throw new NotSupportedException();

        public Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> ReconcileInterruptedAsync(DbConnection connection, string statement, CancellationToken cancellationToken) => Task.FromResult(false);

        public IReadOnlyList<string> SessionSetup(TimeSpan lockTimeout) => [];

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class TransientRules : IStatementRules
    {
        public IStatementSplitter Splitter => throw new NotSupportedException();

        public bool CanRunInTransaction(string statement) => true;

        public bool IsAlreadyApplied(Exception error, string statement) => false;

        public bool IsTransient(Exception error) => error is Failure { Transient: true };
    }
}
