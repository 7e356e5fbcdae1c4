using Upshift.Providers;

namespace Upshift.Sqlite;

/// <summary>Makes <see cref="SqliteProvider"/>s from <c>sqlite:PATH</c> or, with <c>--provider sqlite</c>, a Microsoft.Data.Sqlite connection string.</summary>
internal sealed class SqliteProviderFactory : IProviderFactory
{
    /// <summary>The canonical engine name.</summary>
    public const string EngineName = "sqlite";

    /// <inheritdoc />
    public string Engine => EngineName;

    /// <inheritdoc />
    public IReadOnlyList<string> Aliases { get; } = [];

    /// <inheritdoc />
    public IReadOnlyList<string> UrlSchemes { get; } = ["sqlite"];

    /// <inheritdoc />
    public string UrlExample => "sqlite:PATH";

    /// <inheritdoc />
    public IDatabaseProvider Create(ProviderAddress address, ProviderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(settings);
        address.RegisterSecrets(settings.Redactor);
        return address.IsUrl ? SqliteProvider.FromUrl(address.Text) : new SqliteProvider(address.Text);
    }
}
