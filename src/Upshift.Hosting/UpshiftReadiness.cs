namespace Upshift.Hosting;

/// <summary>The one <see cref="IUpshiftReadiness"/> of a host: written by the migration service, read by the health check and the app.</summary>
internal sealed class UpshiftReadiness : IUpshiftReadiness
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _declared;
    private readonly List<string> _waiting;
    private readonly TaskCompletionSource _schemaReady = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile UpshiftStatus _status = UpshiftStatus.Starting;

    public UpshiftReadiness(IEnumerable<string> conditions)
    {
        _waiting = [.. conditions];
        _declared = new HashSet<string>(_waiting, StringComparer.Ordinal);
    }

    public UpshiftStatus Status => _status;

    public IReadOnlyList<string> Waiting
    {
        get
        {
            lock (_gate)
            {
                return [.. _waiting];
            }
        }
    }

    public bool IsReady => _status.State == UpshiftState.Ready && Waiting.Count == 0;

    public Task WhenSchemaReadyAsync(CancellationToken cancellationToken = default) => _schemaReady.Task.WaitAsync(cancellationToken);

    public void Signal(string condition)
    {
        if (!_declared.Contains(condition))
        {
            throw new ArgumentException($"no readiness condition '{condition}' was declared with UpshiftOptions.WaitFor", nameof(condition));
        }

        // Signalling again (after every good cycle, say) is harmless.
        lock (_gate)
        {
            _waiting.Remove(condition);
        }
    }

    public void Report(UpshiftStatus status)
    {
        _status = status;
        if (status.State == UpshiftState.Ready)
        {
            _schemaReady.TrySetResult();
        }
    }
}
