using Upshift.Postgres;

namespace Upshift.Providers;

/// <summary>Registers PostgreSQL with a <see cref="ProviderRegistry"/>.</summary>
public static class PostgresRegistration
{
    /// <summary>
    /// Registers <see cref="PostgresProviderFactory"/> (<c>postgres://</c>, <c>postgresql://</c>, <c>--provider postgres</c>)
    /// and declares the script-name words of the naming contract, so scripts written for other engines are skipped.
    /// </summary>
    public static ProviderRegistry AddPostgres(this ProviderRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry.Add(new PostgresProviderFactory()).AddContractEngineWords();
    }
}
