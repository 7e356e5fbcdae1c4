using Upshift.Sqlite;

namespace Upshift.Providers;

/// <summary>Registers SQLite with a <see cref="ProviderRegistry"/>.</summary>
public static class SqliteRegistration
{
    /// <summary>
    /// Registers <see cref="SqliteProviderFactory"/> (<c>sqlite:PATH</c>, <c>--provider sqlite</c>) and declares the
    /// script-name words of the naming contract, so scripts written for other engines are skipped.
    /// </summary>
    public static ProviderRegistry AddSqlite(this ProviderRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry.Add(new SqliteProviderFactory()).AddContractEngineWords();
    }
}
