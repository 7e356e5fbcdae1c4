using Upshift.Providers;

namespace Upshift.Conformance;

/// <summary>A fresh, empty database on a real engine for one test; dropped on dispose.</summary>
public abstract class TestDatabase : IAsyncDisposable
{
    /// <summary>The value for <c>--db</c>.</summary>
    public abstract string Url { get; }

    /// <summary>A provider for in-process use of the library.</summary>
    public abstract IDatabaseProvider CreateProvider();

    /// <summary>A registry with the engine's provider, as an application would build it.</summary>
    public abstract ProviderRegistry Registry { get; }

    public abstract Task ExecuteAsync(string sql);

    public abstract Task<object?> ScalarAsync(string sql);

    public async Task<long> CountAsync(string sql) => Convert.ToInt64(await ScalarAsync(sql), System.Globalization.CultureInfo.InvariantCulture);

    public abstract Task<bool> TableExistsAsync(string table);

    /// <summary>A canonical text of every user table's columns, indexes and rows: equal dumps mean equal databases.</summary>
    public abstract Task<string> DumpAsync();

    public abstract ValueTask DisposeAsync();
}
