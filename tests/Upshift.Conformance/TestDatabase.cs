using Upshift.Providers.Conformance;

namespace Upshift.Conformance;

/// <summary>
/// A fresh, empty database on a real engine for one test; dropped on dispose. The same fixture serves the in-process
/// seam suite (<see cref="ProviderFixture"/>) and this end-to-end suite, which also compares whole databases.
/// </summary>
public abstract class TestDatabase : ProviderFixture
{
    public abstract Task<bool> TableExistsAsync(string table);

    /// <summary>A canonical text of every user table's columns, indexes and rows: equal dumps mean equal databases.</summary>
    public abstract Task<string> DumpAsync();
}
