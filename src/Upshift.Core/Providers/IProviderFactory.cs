namespace Upshift.Providers;

/// <summary>
/// Makes the providers of one engine; registered with <see cref="ProviderRegistry.Add"/>. Implementer's checklist:
/// <list type="number">
/// <item><see cref="Engine"/> is the canonical, lower-case engine name that script names use (<c>V3__idx.ENGINE.sql</c>)
/// and that <see cref="IDatabaseProvider.Engine"/> returns.</item>
/// <item><see cref="Aliases"/> are the other words for the engine, in script names and after <c>--provider</c>.</item>
/// <item><see cref="UrlSchemes"/> are the URL schemes the factory reads (without the ':'); no two factories share one.</item>
/// <item><see cref="Create"/> first registers every secret of the address with <see cref="ProviderSettings.Redactor"/>
/// (<see cref="ProviderAddress.RegisterSecrets"/> covers URL user information and <c>Password=</c>), then parses it.
/// A malformed address throws <see cref="FormatException"/> or <see cref="ArgumentException"/>: the registry reports
/// those as bad input, redacted.</item>
/// <item><see cref="Create"/> opens nothing: connections are opened by the engine when it needs one.</item>
/// </list>
/// </summary>
public interface IProviderFactory
{
    /// <summary>The canonical engine name.</summary>
    string Engine { get; }

    /// <summary>Other names of the engine, for script names and <c>--provider</c>.</summary>
    IReadOnlyList<string> Aliases { get; }

    /// <summary>URL schemes this factory reads, without the ':'.</summary>
    IReadOnlyList<string> UrlSchemes { get; }

    /// <summary>An example address for usage messages. Default: <c>SCHEME://user:pass@host:port/db</c> with the first scheme.</summary>
    string UrlExample => UrlSchemes.Count == 0 ? string.Empty : UrlSchemes[0] + "://user:pass@host:port/db";

    /// <summary>A provider for the address; see the checklist above.</summary>
    IDatabaseProvider Create(ProviderAddress address, ProviderSettings settings);
}
