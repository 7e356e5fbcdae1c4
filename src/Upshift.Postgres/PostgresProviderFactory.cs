using Upshift.Providers;

namespace Upshift.Postgres;

/// <summary>
/// Makes <see cref="PostgresProvider"/>s from <c>postgres://user:pass@host:port/db?param=value</c> (also
/// <c>postgresql://</c>) or, with <c>--provider postgres</c>, an Npgsql connection string.
/// </summary>
internal sealed class PostgresProviderFactory : IProviderFactory
{
    /// <summary>The canonical engine name.</summary>
    public const string EngineName = "postgres";

    /// <inheritdoc />
    public string Engine => EngineName;

    /// <inheritdoc />
    public IReadOnlyList<string> Aliases { get; } = ["postgre", "postgresql", "pg"];

    /// <inheritdoc />
    public IReadOnlyList<string> UrlSchemes { get; } = ["postgres", "postgresql"];

    /// <inheritdoc />
    public IDatabaseProvider Create(ProviderAddress address, ProviderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(settings);
        address.RegisterSecrets(settings.Redactor);
        return address.IsUrl
            ? PostgresProvider.FromUrl(address.Text, settings.HistoryTable)
            : new PostgresProvider(address.Text, settings.HistoryTable);
    }
}
