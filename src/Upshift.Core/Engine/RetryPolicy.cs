using System.Data.Common;
using Polly;
using Polly.Retry;
using Upshift.Providers;

namespace Upshift.Engine;

/// <summary>
/// Retries what live traffic makes fail for a moment — lock timeouts, deadlocks, serialization failures —
/// with exponential backoff and jitter, logging each retry. Anything else fails at once.
/// </summary>
internal static class RetryPolicy
{
    public static ResiliencePipeline Create(IDatabaseProvider provider, int retries, IMigrationObserver observer)
    {
        if (retries <= 0)
        {
            return ResiliencePipeline.Empty;
        }

        return new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                // A transient failure can also surface unattributed: at the COMMIT that rides in a script's batch, or
                // when replaying the statements to find the failing one no longer reproduces it (the blocker has
                // just committed). The transaction is rolled back either way, so the whole script can run again.
                ShouldHandle = new PredicateBuilder()
                    .Handle<StatementFailedException>(e => provider.Statements.IsTransient(e.InnerException!))
                    .Handle<DbException>(provider.Statements.IsTransient),
                MaxRetryAttempts = retries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(250),
                MaxDelay = TimeSpan.FromSeconds(15),
                OnRetry = arguments =>
                {
                    var failure = arguments.Outcome.Exception;
                    var where = failure is StatementFailedException statement ? $" (line {statement.Statement.Line})" : string.Empty;
                    observer.Notice($"retry {arguments.AttemptNumber + 1} of {retries} in {arguments.RetryDelay.TotalSeconds:0.0} s after: {Errors.Messages.OneLine((failure as StatementFailedException)?.InnerException?.Message ?? failure?.Message ?? "transient failure")}{where}");
                    return default;
                },
            })
            .Build();
    }
}
