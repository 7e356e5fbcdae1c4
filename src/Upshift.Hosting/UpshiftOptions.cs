using System.Reflection;
using Upshift.Sessions;
using Upshift.Sources;

namespace Upshift.Hosting;

/// <summary>
/// What <see cref="UpshiftServiceCollectionExtensions.AddUpshift(Microsoft.Extensions.DependencyInjection.IServiceCollection, Action{UpshiftOptions})"/>
/// migrates and how. Set in code, then overridden by the configuration section <c>Upshift</c> when one is given
/// (<c>Db</c>, <c>Scripts</c>, <c>MigrateOnStart</c>, <c>LockTimeout</c>, <c>Compatibility</c>, <c>Provider</c>), so that
/// an operator's environment variables (<c>Upshift__Db</c>, <c>Upshift__Scripts</c>) win over the app's defaults.
/// </summary>
public sealed class UpshiftOptions
{
    private readonly List<Action<UpgradeSessionBuilder>> _session = [];
    private readonly List<string> _readiness = [];

    /// <summary>The database: a URL of a registered provider (<c>postgres://user:pass@host:5432/db</c>) or, with <see cref="Provider"/>, a connection string.</summary>
    public string? Db { get; set; }

    /// <summary>The provider (engine name) of a <see cref="Db"/> that is a connection string rather than a URL; null for URLs.</summary>
    public string? Provider { get; set; }

    /// <summary>A folder of scripts. When set it replaces <see cref="ScriptSource"/>: an operator ships a hot fix by pointing <c>Upshift__Scripts</c> at a folder.</summary>
    public string? Scripts { get; set; }

    /// <summary>The release's own scripts, usually embedded in the app (<see cref="EmbeddedScripts"/>); used when <see cref="Scripts"/> is not set.</summary>
    public IScriptSource? ScriptSource { get; set; }

    /// <summary>Migrate in the background when the host starts. Default true. When false, the health check only reports whether the schema is usable.</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>How long a replica waits for another one's migration (the migration lock). Default 30 minutes: index builds take long.</summary>
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// The schema versions this release works against without migrating, e.g. <c>"&gt;= 2.0 &lt; 4.0"</c> (see
    /// <see cref="CompatibilityWindow"/>). A database newer than the release (the app was rolled back) is used when its
    /// version is inside the window and refused otherwise; never migrated backwards. Null: only the release's own version.
    /// </summary>
    public string? Compatibility { get; set; }

    /// <summary>While <see cref="MigrateOnStart"/> is false and the schema is not usable, how often it is looked at again. Default 5 s.</summary>
    public TimeSpan RecheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    internal IReadOnlyList<Action<UpgradeSessionBuilder>> SessionActions => _session;

    internal IReadOnlyList<string> ReadinessConditions => _readiness;

    /// <summary>Configures the session: register provider packages (<c>s =&gt; s.UsePostgres()</c>), change <see cref="UpgradeOptions"/>.</summary>
    public UpshiftOptions Session(Action<UpgradeSessionBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        _session.Add(configure);
        return this;
    }

    /// <summary>
    /// Uses the scripts embedded in <paramref name="assembly"/> under <paramref name="prefix"/> (see
    /// <see cref="ScriptSources.Embedded"/> for the <c>LogicalName</c> that keeps folders apart from version dots).
    /// </summary>
    public UpshiftOptions EmbeddedScripts(Assembly assembly, string prefix = "sql/")
    {
        ArgumentNullException.ThrowIfNull(assembly);
        ScriptSource = ScriptSources.Embedded(assembly, prefix).ReadOnce();
        return this;
    }

    /// <summary>
    /// Adds a readiness condition of the app's own ("first good cycle"): the health check stays Unhealthy, naming it,
    /// after the migration until the app calls <see cref="IUpshiftReadiness.Signal"/> with the same name.
    /// </summary>
    public UpshiftOptions WaitFor(string condition)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(condition);
        if (!_readiness.Contains(condition, StringComparer.Ordinal))
        {
            _readiness.Add(condition);
        }

        return this;
    }
}
