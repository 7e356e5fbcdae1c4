namespace Upshift.Backup.Tests;

/// <summary>A database on a real engine for one test, with what the backup tests compare: catalog, content, sequences.</summary>
public abstract class EngineDatabase : IAsyncDisposable
{
    /// <summary>The value for <c>--db</c>.</summary>
    public abstract string Url { get; }

    public abstract Task ExecuteAsync(string sql);

    /// <summary>The schema as the engine's catalog describes it, one sorted line per object.</summary>
    public abstract Task<string> CatalogAsync();

    /// <summary>Per table: row count and a hash of all rows in a canonical order.</summary>
    public abstract Task<string> ContentAsync();

    /// <summary>Takes the next value of every sequence (or the next key of every AUTOINCREMENT table); changes the database.</summary>
    public abstract Task<string> NextSequenceValuesAsync();

    /// <summary>Everything at once: equal fingerprints mean equal databases.</summary>
    public async Task<string> FingerprintAsync() => await CatalogAsync() + "\n--- content\n" + await ContentAsync();

    public abstract ValueTask DisposeAsync();
}
