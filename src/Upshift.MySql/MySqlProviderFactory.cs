using Upshift.Providers;

namespace Upshift.MySql;

/// <summary>
/// Makes <see cref="MySqlProvider"/>s from <c>mysql://user:pass@host:port/db?option=value</c> (also <c>mariadb://</c>)
/// or, with <c>--provider mysql</c>, a MySqlConnector connection string.
/// </summary>
internal sealed class MySqlProviderFactory : IProviderFactory
{
    /// <summary>The canonical engine name, for MariaDB too.</summary>
    public const string EngineName = "mysql";

    /// <inheritdoc />
    public string Engine => EngineName;

    /// <inheritdoc />
    public IReadOnlyList<string> Aliases { get; } = ["mariadb"];

    /// <inheritdoc />
    public IReadOnlyList<string> UrlSchemes { get; } = ["mysql", "mariadb"];

    /// <inheritdoc />
    public IDatabaseProvider Create(ProviderAddress address, ProviderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(settings);
        address.RegisterSecrets(settings.Redactor);
        return address.IsUrl
            ? MySqlProvider.FromUrl(address.Text, settings.HistoryTable)
            : new MySqlProvider(address.Text, settings.HistoryTable);
    }
}
