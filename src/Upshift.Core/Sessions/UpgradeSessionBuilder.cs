using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Upshift.Diagnostics;
using Upshift.Engine;
using Upshift.Errors;
using Upshift.Providers;
using Upshift.Sources;

namespace Upshift.Sessions;

/// <summary>
/// Configures an <see cref="UpgradeSession"/> in <see cref="UpgradeSession.OpenAsync"/>: the providers that may serve
/// the address (each provider package adds a <c>UseXxx()</c> method), the scripts, the options, and where logs and
/// metrics go (spans and metric points are always produced on the <c>Upshift</c> activity source and meter, for
/// OpenTelemetry or any listener). Everything is checked when the session is opened, before anything touches the database.
/// </summary>
public sealed class UpgradeSessionBuilder
{
    private UpgradeOptions _options = new();
    private string? _providerName;
    private IMigrationObserver? _observer;
    private ILoggerFactory? _loggerFactory;
    private IMeterFactory? _meterFactory;

    internal UpgradeSessionBuilder()
    {
    }

    /// <summary>The providers that may serve the session's address.</summary>
    public ProviderRegistry Providers { get; } = new();

    /// <summary>The session's secrets: passwords of the address are added when it is read; every message it gives passes through it.</summary>
    public Redactor Redactor { get; private set; } = new();

    /// <summary>The scripts in <paramref name="folder"/>, scanned recursively.</summary>
    public UpgradeSessionBuilder Scripts(string folder) => Scripts(ScriptSources.Folder(folder));

    /// <summary>The scripts from any source (<see cref="ScriptSources"/>), e.g. one read once for a whole fleet.</summary>
    public UpgradeSessionBuilder Scripts(IScriptSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        _options = _options with { Scripts = source };
        return this;
    }

    /// <summary>Changes the options: <c>o =&gt; o with { LockTimeout = TimeSpan.FromMinutes(1) }</c>.</summary>
    public UpgradeSessionBuilder Options(Func<UpgradeOptions, UpgradeOptions> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        _options = change(_options) ?? throw new ArgumentException("the options may not become null", nameof(change));
        return this;
    }

    /// <summary>The provider (engine name or alias) for an address that is a native connection string, not a URL.</summary>
    public UpgradeSessionBuilder Provider(string name)
    {
        _providerName = name;
        return this;
    }

    /// <summary>Receives the session's progress events (steps, statements, lock waits, notices).</summary>
    public UpgradeSessionBuilder Observe(IMigrationObserver observer)
    {
        _observer = observer;
        return this;
    }

    /// <summary>Shares a redactor with the caller (a host that also writes messages of its own).</summary>
    public UpgradeSessionBuilder UseRedactor(Redactor redactor)
    {
        Redactor = redactor ?? throw new ArgumentNullException(nameof(redactor));
        return this;
    }

    /// <summary>Log events (fixed event ids, see <see cref="UpshiftEventIds"/>) go to loggers of this factory, category <c>Upshift</c>.</summary>
    public UpgradeSessionBuilder UseLogging(ILoggerFactory loggerFactory)
    {
        _loggerFactory = loggerFactory ?? throw new ArgumentNullException(nameof(loggerFactory));
        return this;
    }

    /// <summary>Metric points are recorded on a meter of this factory (the host's, under dependency injection) instead of the shared one.</summary>
    public UpgradeSessionBuilder UseMeterFactory(IMeterFactory meterFactory)
    {
        _meterFactory = meterFactory ?? throw new ArgumentNullException(nameof(meterFactory));
        return this;
    }

    internal UpgradeSession Build(string database)
    {
        Validate(_options);
        if (Providers.Factories.Count == 0)
        {
            // Core names no engine: the hint names the address's scheme and how provider packages register.
            var scheme = database.IndexOf(':', StringComparison.Ordinal) is > 0 and var colon && database[..colon].All(char.IsAsciiLetterOrDigit) ? database[..colon] : null;
            var which = scheme is null ? "a provider" : $"the provider of '{scheme}:' addresses";
            throw new UpshiftException(ErrorCode.BadArguments, "no database provider is registered", hint: $"register {which} on the options: each provider package (Upshift.<Engine>) adds a Use<Engine>() method to them");
        }

        var provider = Providers.Create(database, _providerName, new ProviderSettings(_options.HistoryTable, Redactor));
        var diagnostics = new DiagnosticObserver(
            new DiagnosticOptions(provider.Engine, provider.Target)
            {
                Logger = (_loggerFactory ?? NullLoggerFactory.Instance).CreateLogger(UpshiftDiagnostics.LoggerCategory),
                Instrumentation = UpshiftInstrumentation.Create(_meterFactory),
                Redact = Redactor.Redact,
            },
            _observer);
        return UpgradeSession.Open(provider, _options with { EngineWords = _options.EngineWords ?? Providers }, diagnostics, Redactor, diagnostics);
    }

    private static void Validate(UpgradeOptions options)
    {
        if (options.LockTimeout < TimeSpan.Zero || options.StatementLockTimeout < TimeSpan.Zero || options.WaitForQuiet < TimeSpan.Zero || options.Retries < 0)
        {
            throw new UpshiftException(ErrorCode.BadArguments, "lock timeouts, the quiet wait and retries must be zero or more");
        }
    }
}
