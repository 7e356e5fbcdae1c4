using Upshift.Catalog;
using Upshift.History;
using Upshift.Planning;
using Upshift.Sources;
using Upshift.Versions;

namespace Upshift.Sessions;

/// <summary>What an <see cref="UpgradeSession"/> applies and how. Defaults are the documented CLI defaults.</summary>
public sealed record UpgradeOptions
{
    /// <summary>The release's scripts (<see cref="ScriptSources"/>); null for sessions that only baseline, execute files, back up or restore.</summary>
    public IScriptSource? Scripts { get; init; }

    /// <summary>
    /// Which words in script names name engines (<c>Upgrade_8.1_pg.sql</c>), usually the
    /// <see cref="Providers.ProviderRegistry"/> the provider came from; scripts of other engines are skipped. Null: only
    /// the session's own engine name is known, so a folder written for several engines is refused.
    /// </summary>
    public IEngineWords? EngineWords { get; init; }

    /// <summary><c>--ignore</c>: <c>*.sql</c> files that are not scripts, left out instead of refused as unknown names. Default: none.</summary>
    public IReadOnlyList<Glob> Ignore { get; init; } = [];

    /// <summary>Where the history lives. Default: <c>upshift_history</c> in the connection's default schema.</summary>
    public HistoryTable HistoryTable { get; init; } = HistoryTable.Default;

    /// <summary>Apply versioned scripts up to and including this version.</summary>
    public SchemaVersion? Target { get; init; }

    /// <summary>
    /// <c>--out-of-order</c>: apply scripts that are not applied but sort below the current version, instead of
    /// reporting them as drift (exit 3). Default false.
    /// </summary>
    public bool OutOfOrder { get; init; }

    /// <summary>How long to wait for another migration to finish. Default: 10 minutes.</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>A query returning one value, the schema version of a database that predates Upshift.</summary>
    public string? VersionQuery { get; init; }

    /// <summary>Apply scripts of this phase and the earlier ones only (expand, backfill, contract); null applies all.</summary>
    public MigrationPhase? Phase { get; init; }

    /// <summary>
    /// How long one statement may wait for a table lock before it gives up and is retried, so that an
    /// ALTER TABLE queued behind a long transaction does not block every later query. Default 5 s; zero: no limit.
    /// </summary>
    public TimeSpan StatementLockTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Retries of a statement or script after a lock timeout, deadlock or serialization failure. Default 5.</summary>
    public int Retries { get; init; } = 5;

    /// <summary>Wait up to this long for conflicting sessions (long transactions, locks on touched tables) to go away before running.</summary>
    public TimeSpan WaitForQuiet { get; init; } = TimeSpan.Zero;

    /// <summary>Who the history says applied a script. Default: OS user and host.</summary>
    public string AppliedBy { get; init; } = $"{Environment.UserName}@{Environment.MachineName}";
}
