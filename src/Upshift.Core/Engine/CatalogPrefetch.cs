using Upshift.Catalog;

namespace Upshift.Engine;

/// <summary>
/// Reads the catalog on the thread pool while the caller talks to the database: the two are independent, and
/// with thousands of scripts each costs milliseconds (file reads and hashing; connection, lock and history
/// round trips), so a no-op run costs the larger of the two instead of their sum. Only for providers whose
/// connection, lock and history reads leave nothing behind (<see cref="Providers.ProviderCapabilities.OpensWithoutSideEffects"/>); for the
/// others the catalog is read first, as if there were no prefetch.
/// Bad input keeps its precedence over everything the database does: <see cref="Token"/> is cancelled as soon
/// as reading fails, so that no wait for the connection or the lock outlasts it, and <see cref="GuardAsync{T}"/>
/// reports the catalog's error, not the database's, when both failed. Callers write nothing before
/// <see cref="CatalogAsync"/> has returned.
/// </summary>
internal sealed class CatalogPrefetch : IAsyncDisposable
{
    private readonly CancellationTokenSource _failed;
    private readonly Task<ScriptCatalog> _loading;

    /// <param name="load">Reads the catalog; its bad-input errors are what <see cref="GuardAsync{T}"/> and <see cref="CatalogAsync"/> report.</param>
    /// <param name="concurrently">False: read the catalog now, before the caller goes on (its errors are thrown here).</param>
    /// <param name="cancellationToken">The caller's cancellation; <see cref="Token"/> is linked to it.</param>
    public CatalogPrefetch(Func<ScriptCatalog> load, bool concurrently, CancellationToken cancellationToken)
    {
        if (!concurrently)
        {
            _loading = Task.FromResult(load());
            _failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            return;
        }

        _failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _loading = Task.Run(
            () =>
            {
                try
                {
                    return load();
                }
                catch
                {
                    _failed.Cancel();
                    throw;
                }
            },
            CancellationToken.None);
    }

    /// <summary>Cancelled with the caller's token, and as soon as reading the catalog fails.</summary>
    public CancellationToken Token => _failed.Token;

    public Task<ScriptCatalog> CatalogAsync() => _loading;

    /// <summary>True once the catalog has been read without error.</summary>
    public bool Loaded() => _loading.IsCompletedSuccessfully;

    /// <summary>Runs database work; when it fails and the catalog failed too, the catalog's error is the one thrown.</summary>
    public async Task<T> GuardAsync<T>(Func<Task<T>> work)
    {
        try
        {
            return await work().ConfigureAwait(false);
        }
        catch
        {
            await _loading.ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        // The reader may still cancel the source: let it finish first. Its error, if any, was observed by the caller.
        await ((Task)_loading).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _failed.Dispose();
    }
}
