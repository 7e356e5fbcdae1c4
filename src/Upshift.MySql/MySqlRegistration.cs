using Upshift.MySql;

namespace Upshift.Providers;

/// <summary>Registers MySQL and MariaDB with a <see cref="ProviderRegistry"/>.</summary>
public static class MySqlRegistration
{
    /// <summary>
    /// Registers <see cref="MySqlProviderFactory"/> (<c>mysql://</c>, <c>mariadb://</c>, <c>--provider mysql</c>)
    /// and declares the script-name words of the naming contract, so scripts written for other engines are skipped.
    /// </summary>
    public static ProviderRegistry AddMySql(this ProviderRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry.Add(new MySqlProviderFactory()).AddContractEngineWords();
    }
}
