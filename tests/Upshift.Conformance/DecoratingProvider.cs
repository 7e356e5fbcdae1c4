using System.Data.Common;
using Upshift.Providers;

namespace Upshift.Conformance;

/// <summary>
/// A provider that wraps another and forwards everything, as a tracing or fleet wrapper would. It implements no
/// capability interface itself: whatever fast path it keeps, it keeps through <see cref="Capabilities"/> alone.
/// </summary>
public sealed class DecoratingProvider(IDatabaseProvider inner, Func<ProviderCapabilities, ProviderCapabilities>? capabilities = null, string? engine = null) : IDatabaseProvider
{
    private int _opened;

    /// <summary>How many connections were asked for.</summary>
    public int ConnectionsOpened => Volatile.Read(ref _opened);

    public string Engine => engine ?? inner.Engine;

    public string Target => inner.Target;

    public ProviderCapabilities Capabilities { get; } = capabilities is null ? inner.Capabilities : capabilities(inner.Capabilities);

    public IStatementRules Statements => inner.Statements;

    public IMigrationLock Lock => inner.Lock;

    public IHistoryDialect History => inner.History;

    public Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _opened);
        return inner.OpenConnectionAsync(cancellationToken);
    }

    public Task<bool> ReconcileInterruptedAsync(DbConnection connection, string statement, CancellationToken cancellationToken) =>
        inner.ReconcileInterruptedAsync(connection, statement, cancellationToken);

    public IReadOnlyList<string> SessionSetup(TimeSpan lockTimeout) => inner.SessionSetup(lockTimeout);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
