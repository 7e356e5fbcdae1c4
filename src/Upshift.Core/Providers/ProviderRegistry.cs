using Upshift.Catalog;
using Upshift.Errors;

namespace Upshift.Providers;

/// <summary>
/// The providers an application can use, registered explicitly (<c>registry.AddSqlite()</c>, or
/// <see cref="Add"/> for a provider from elsewhere): turns <c>--db</c> and <c>--provider</c> into a provider, and
/// script-name words into engines. Register at start-up; lookups are safe from any thread, during registration too.
/// <para>
/// Engine words. A script name may name an engine: <c>Upgrade_8.1_pg.sql</c>, <c>V3__idx.mysql.sql</c>. A word names
/// an engine when a registered factory declares it (<see cref="IProviderFactory.Engine"/> and
/// <see cref="IProviderFactory.Aliases"/>), or when <see cref="AddEngineWords"/> declares it for an engine that has no
/// provider here. A word nobody declared is what it always was: in the vendor form it is bad input ("unknown
/// engine"), after a dot it stays part of the description. Core names no engine, so the words of the naming contract
/// (<c>postgres</c>/<c>postgre</c>/<c>postgresql</c>/<c>pg</c>, <c>sqlite</c>, <c>mysql</c>/<c>mariadb</c>,
/// <c>mssql</c>, <c>ora</c>, <c>db2</c>) come with the provider packages: each package's <c>AddXxx()</c> registers its
/// factory and declares the contract's words of every engine. So an application that registers only SQLite still
/// skips <c>Upgrade_8.1_postgres.sql</c> and <c>R__views.mysql.sql</c> in a folder written for several engines,
/// instead of rejecting the first and running the second. A provider's own words win over words declared for an
/// engine without a provider (an Oracle provider may take <c>ora</c>); two providers claiming one word or one URL
/// scheme, or two engines without a provider claiming one word, is an error at registration.
/// </para>
/// </summary>
public sealed class ProviderRegistry : IEngineWords
{
    private readonly Lock _gate = new();
    private volatile RegistryState _state = RegistryState.Empty;

    /// <summary>The registered factories, in the order registered.</summary>
    public IReadOnlyList<IProviderFactory> Factories => _state.Factories;

    /// <inheritdoc />
    public IReadOnlyList<string> Words => _state.WordOrder;

    /// <summary>
    /// How <c>--db</c> is written with the registered providers, e.g. <c>expected sqlite:PATH or
    /// postgres://user:pass@host:port/db (or a connection string with --provider sqlite|postgres)</c>.
    /// </summary>
    public string Usage
    {
        get
        {
            var factories = _state.Factories;
            return factories.Count == 0
                ? "no database provider is registered"
                : $"expected {JoinOr(factories.Select(f => f.UrlExample).Where(e => e.Length > 0))} (or a connection string with --provider {string.Join('|', factories.Select(f => f.Engine))})";
        }
    }

    /// <summary>Registers a provider; registering the same factory type again does nothing.</summary>
    /// <exception cref="ArgumentException">Another provider claims the engine, one of its words or one of its URL schemes.</exception>
    public ProviderRegistry Add(IProviderFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        lock (_gate)
        {
            _state = _state.With(factory);
        }

        return this;
    }

    /// <summary>
    /// Declares words that name an engine in script names, for an engine without a provider here (so its scripts are
    /// recognised and skipped). Words a registered provider already claims stay that provider's.
    /// </summary>
    /// <exception cref="ArgumentException">A word names another engine without a provider already.</exception>
    public ProviderRegistry AddEngineWords(string engine, params IEnumerable<string> aliases)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(aliases);
        lock (_gate)
        {
            _state = _state.WithWords(engine, aliases);
        }

        return this;
    }

    /// <inheritdoc />
    public string? EngineOf(string word) => _state.EngineOf(word);

    /// <summary>The factory whose engine or alias is <paramref name="name"/> (case-insensitive), or null.</summary>
    public IProviderFactory? Find(string name) => _state.ByName(name);

    /// <summary>The factory that reads URLs of <paramref name="scheme"/> (case-insensitive), or null.</summary>
    public IProviderFactory? FindByScheme(string scheme) => _state.ByScheme(scheme);

    /// <summary>
    /// The provider for <c>--db</c> <paramref name="db"/>: a URL whose scheme picks the provider, or, when
    /// <paramref name="provider"/> names one (engine or alias), that provider's connection string. Every failure is an
    /// <see cref="UpshiftException"/> with <see cref="ErrorCode.BadArguments"/> and a usage hint; passwords never appear in it.
    /// </summary>
    public IDatabaseProvider Create(string? db, string? provider, ProviderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (string.IsNullOrWhiteSpace(db))
        {
            throw new UpshiftException(ErrorCode.BadArguments, "no database given", hint: "pass --db or set UPSHIFT_DB; " + Usage);
        }

        var state = _state;
        IProviderFactory factory;
        ProviderAddress address;
        if (provider is null)
        {
            address = ProviderAddress.FromUrl(db);
            factory = address.Scheme is { } scheme && state.ByScheme(scheme) is { } byScheme
                ? byScheme
                : throw new UpshiftException(ErrorCode.BadArguments, "unrecognised --db", hint: Usage);
        }
        else
        {
            factory = state.ByName(provider)
                ?? throw new UpshiftException(ErrorCode.BadArguments, $"unknown provider '{provider}'", hint: $"use --provider {JoinOr(state.Factories.Select(f => f.Engine))}");
            address = ProviderAddress.FromConnectionString(db);
        }

        try
        {
            return factory.Create(address, settings);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or KeyNotFoundException)
        {
            // The message of a failed parse may quote the address, password included: say what was wrong, not what was given.
            throw new UpshiftException(ErrorCode.BadArguments, $"cannot read --db: {settings.Redactor.Redact(Messages.Of(e))}", hint: Usage);
        }
    }

    private static string JoinOr(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count <= 1 ? string.Concat(list) : $"{string.Join(", ", list[..^1])} or {list[^1]}";
    }
}
