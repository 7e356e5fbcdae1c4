namespace Upshift.Backup;

/// <summary>Reports a meter to an observer about once a second until disposed, then once more.</summary>
internal sealed class ProgressTicker : IDisposable
{
    private readonly TransferMeter _meter;
    private readonly IBackupObserver _observer;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private ProgressTicker(TransferMeter meter, IBackupObserver observer)
    {
        _meter = meter;
        _observer = observer;
        _loop = Task.Run(LoopAsync);
    }

    public static ProgressTicker Start(TransferMeter meter, IBackupObserver? observer) => new(meter, observer ?? SilentBackupObserver.Instance);

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _loop.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
        _observer.Progress(_meter.Snapshot());
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
        {
            _observer.Progress(_meter.Snapshot());
        }
    }
}
