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
                ShouldHandle = new PredicateBuilder().Handle<StatementFailedException>(e => provider.IsTransient(e.InnerException!)),
                MaxRetryAttempts = retries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(250),
                MaxDelay = TimeSpan.FromSeconds(15),
                OnRetry = arguments =>
                {
                    var failure = arguments.Outcome.Exception as StatementFailedException;
                    observer.Notice($"retry {arguments.AttemptNumber + 1} of {retries} in {arguments.RetryDelay.TotalSeconds:0.0} s after: {Migrator.OneLine(failure?.InnerException?.Message ?? "transient failure")} (line {failure?.Statement.Line})");
                    return default;
                },
            })
            .Build();
    }
}
