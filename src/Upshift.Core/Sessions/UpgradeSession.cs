using Upshift.Catalog;
using Upshift.Diagnostics;
using Upshift.Engine;
using Upshift.Errors;
using Upshift.Planning;
using Upshift.Providers;
using Upshift.Sessions.Commands;
using Upshift.Versions;

namespace Upshift.Sessions;

/// <summary>
/// The front door: one database, its scripts and options. Every operation of the CLI is a method here, returning a
/// public result. Operations share one connection; those that change the database take the migration lock, or join
/// the hold taken with <see cref="HoldLockAsync"/>, so that several of them (a backup, then the migration) run under
/// one lock and read the history once. A session is for one caller at a time; open one per database for a fleet.
/// </summary>
/// <example>
/// With a provider package registered on the options (each adds its <c>Use&lt;Engine&gt;()</c>; the README has a
/// complete program):
/// <code>
/// await using var db = await UpgradeSession.OpenAsync(address, o => o.UseEngine().Scripts("sql"));
/// var report = await db.MigrateAsync();
/// </code>
/// </example>
public sealed partial class UpgradeSession : IAsyncDisposable
{
    private readonly bool _ownsProvider;
    private readonly IDisposable? _owned;

    private UpgradeSession(IDatabaseProvider provider, UpgradeOptions options, IMigrationObserver? observer, bool ownsProvider, Redactor? redactor = null, IDisposable? owned = null)
    {
        Provider = provider;
        Options = options;
        Observer = observer ?? SilentObserver.Instance;
        Redactor = redactor ?? new Redactor();
        _ownsProvider = ownsProvider;
        _owned = owned;
        Connection = new SessionConnection(provider, options, Observer);
    }

    /// <summary>The engine's provider this session talks through.</summary>
    public IDatabaseProvider Provider { get; }

    /// <summary>The options the session was opened with; fixed for its lifetime.</summary>
    public UpgradeOptions Options { get; }

    /// <summary>The session's secrets (the address's passwords): pass any text of your own that may quote them through it.</summary>
    public Redactor Redactor { get; }

    /// <summary>The database, described without any secret.</summary>
    public string Target => Provider.Target;

    internal IMigrationObserver Observer { get; }

    internal SessionConnection Connection { get; }

    /// <summary>A session over a provider the caller made and keeps (disposing the session does not dispose it).</summary>
    public static UpgradeSession Create(IDatabaseProvider provider, UpgradeOptions options, IMigrationObserver? observer = null) =>
        new(provider, options, observer, ownsProvider: false);

    /// <summary>
    /// Opens a session on <paramref name="database"/> (a URL in a scheme of a registered provider, see
    /// <see cref="Providers.ProviderRegistry"/>, or a connection string with <see cref="UpgradeSessionBuilder.Provider"/>). The address and the options are checked
    /// here; the connection opens with the first operation.
    /// </summary>
    /// <exception cref="UpshiftException">Bad input (<see cref="ErrorCode.BadArguments"/>): an unknown scheme, no provider, bad options.</exception>
    public static Task<UpgradeSession> OpenAsync(string database, Action<UpgradeSessionBuilder> configure, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configure);
        cancellationToken.ThrowIfCancellationRequested();
        var builder = new UpgradeSessionBuilder();
        configure(builder);
        return Task.FromResult(builder.Build(database));
    }

    internal static UpgradeSession Open(IDatabaseProvider provider, UpgradeOptions options, IMigrationObserver? observer, Redactor redactor, IDisposable owned) =>
        new(provider, options, observer, ownsProvider: true, redactor, owned);

    /// <summary>A session that owns <paramref name="provider"/>: disposing the session disposes it.</summary>
    public static UpgradeSession Open(IDatabaseProvider provider, UpgradeOptions options, IMigrationObserver? observer = null) =>
        new(provider, options, observer, ownsProvider: true);

    /// <summary>The release's scripts for this engine, read and checked; bad input throws before anything touches the database.</summary>
    public ScriptCatalog LoadCatalog() =>
        (Options.Scripts ?? throw new UpshiftException(ErrorCode.BadArguments, "no scripts given", hint: "pass --scripts DIR (or give the session a script source)"))
            .Load(Provider.Engine, Options.EngineWords ?? new OwnEngineWord(Provider.Engine), Options.Ignore);

    /// <summary>Status: the plan as of now, with every script's state. Never takes the lock, never writes.</summary>
    public Task<MigrationPlan> StatusAsync(CancellationToken cancellationToken = default) => PlanAsync(cancellationToken);

    /// <summary>The exact steps <see cref="MigrateAsync(CancellationToken)"/> would run. Never takes the lock, never writes.</summary>
    public Task<MigrationPlan> PlanAsync(CancellationToken cancellationToken = default) => new PlanCommand(this).RunAsync(cancellationToken);

    /// <summary>Compares applied scripts with the files: drift, missing and out-of-order scripts are the result's error.</summary>
    public async Task<ValidationResult> ValidateAsync(CancellationToken cancellationToken = default)
    {
        var plan = await PlanAsync(cancellationToken).ConfigureAwait(false);
        return new ValidationResult(plan, PlanProblems.TryDescribe(plan, out var error) ? error : null);
    }

    /// <summary>Applies the plan. Bad input, drift, a target below the current version and lock timeouts throw before anything changes; a failure while running is in the report.</summary>
    public Task<MigrationReport> MigrateAsync(CancellationToken cancellationToken = default) => MigrateAsync(new MigrateRequest(), cancellationToken);

    /// <inheritdoc cref="MigrateAsync(CancellationToken)"/>
    public Task<MigrationReport> MigrateAsync(MigrateRequest request, CancellationToken cancellationToken = default) =>
        new MigrateCommand(this).RunAsync(request, cancellationToken);

    /// <summary>Runs undo scripts from the current version down to <paramref name="to"/>, or refuses before running any.</summary>
    /// <param name="to">The version to end at; its own undo script does not run.</param>
    /// <param name="restoreHint">What to tell the operator when undo is impossible (the restore command).</param>
    /// <param name="dryRun">True: plan and split the undo scripts, change nothing.</param>
    /// <param name="cancellationToken">Cancels the wait for the lock or the statement running.</param>
    public Task<MigrationReport> RollbackAsync(SchemaVersion to, string restoreHint, bool dryRun = false, CancellationToken cancellationToken = default) =>
        new RollbackCommand(this).RunAsync(to, restoreHint, dryRun, cancellationToken);

    /// <summary>Marks a database that predates Upshift as being at <paramref name="version"/>.</summary>
    public Task<BaselineResult> BaselineAsync(SchemaVersion version, string description = "baseline", CancellationToken cancellationToken = default) =>
        new BaselineCommand(this).RunAsync(version, description, cancellationToken);

    /// <summary>Removes unfinished attempts and re-aligns checksums of changed scripts.</summary>
    public Task<RepairResult> RepairAsync(CancellationToken cancellationToken = default) => new RepairCommand(this).RunAsync(cancellationToken);

    /// <summary>Runs a SQL file outside the history (seeding, one-off maintenance), in one transaction where the engine allows.</summary>
    public Task<ExecResult> ExecAsync(string path, CancellationToken cancellationToken = default) => new ExecCommand(this).RunAsync(path, cancellationToken);

    /// <summary>Runs SQL <paramref name="text"/> outside the history as <see cref="ExecAsync(string, CancellationToken)"/> runs a file; <paramref name="origin"/> names it in errors.</summary>
    public Task<ExecResult> ExecTextAsync(string origin, string text, CancellationToken cancellationToken = default) => new ExecCommand(this).RunTextAsync(origin, text, cancellationToken);

    /// <summary>
    /// Sessions of others that would get in the way of the pending scripts: a statement running against, or a lock held
    /// on, a table that a pending script names. Empty when the engine cannot tell (<see cref="ProviderCapabilities.ActivityMonitor"/>
    /// is not declared) or nothing is pending. Never takes the migration lock.
    /// </summary>
    public async Task<IReadOnlyList<string>> FindConflictsAsync(CancellationToken cancellationToken = default)
    {
        var plan = await PlanAsync(cancellationToken).ConfigureAwait(false);
        if (Provider.Capabilities.ActivityMonitor is not { } monitor || plan.Steps.Count == 0)
        {
            return [];
        }

        var tables = PreFlight.TouchedTables(ScriptRunner.Prepare(Provider, plan.Steps));
        var database = await Connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        // Only locks count here: a long transaction elsewhere is not a conflict (RUNBOOKS.md), so its age threshold is out of reach.
        return await monitor.FindConflictsAsync(database, tables, TimeSpan.FromDays(3650), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Takes the migration lock (waiting up to <see cref="UpgradeOptions.LockTimeout"/>) and holds it until the result is
    /// disposed; the session's operations meanwhile run under it and read the history once.
    /// </summary>
    public Task<IAsyncDisposable> HoldLockAsync(CancellationToken cancellationToken = default) => Connection.LockAsync(cancellationToken);

    /// <summary>Releases a lock still held and closes the connection; disposes the provider when the session owns it.</summary>
    public async ValueTask DisposeAsync()
    {
        await Connection.DisposeAsync().ConfigureAwait(false);
        _owned?.Dispose();
        if (_ownsProvider)
        {
            await Provider.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The engine words of a session given none: its own engine's name.</summary>
    private sealed class OwnEngineWord(string engine) : IEngineWords
    {
        public IReadOnlyList<string> Words { get; } = [engine];

        public string? EngineOf(string word) => string.Equals(word, engine, StringComparison.OrdinalIgnoreCase) ? engine : null;
    }
}
