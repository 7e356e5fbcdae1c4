using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Upshift.Catalog;
using Upshift.Errors;
using Upshift.History;
using Upshift.Planning;
using Upshift.Providers;
using Upshift.Sql;
using Upshift.Versions;

namespace Upshift.Engine;

/// <summary>
/// The engine: reads the catalog and the history, plans, and executes the plan under the migration lock.
/// Read-only commands (status, plan, validate) never take the lock and never write.
/// </summary>
public sealed class Migrator
{
    private readonly IDatabaseProvider _provider;
    private readonly MigratorOptions _options;
    private readonly IMigrationObserver _observer;

    public Migrator(IDatabaseProvider provider, MigratorOptions options, IMigrationObserver? observer = null)
    {
        _provider = provider;
        _options = options;
        _observer = observer ?? SilentObserver.Instance;
    }

    public ScriptCatalog LoadCatalog() => CatalogLoader.Load(_options.ScriptsDirectory, _provider.Engine, _options.EngineWords, _options.Ignore);

    /// <summary>The plan as of now, without the lock. Used by status, plan and validate.</summary>
    public async Task<MigrationPlan> PlanAsync(CancellationToken cancellationToken = default)
    {
        await using var prefetch = new CatalogPrefetch(LoadCatalog, concurrently: _provider.Capabilities.OpensWithoutSideEffects, cancellationToken);
        await using var connection = await prefetch.GuardAsync(() => OpenAsync(prefetch.Token)).ConfigureAwait(false);
        var store = new HistoryStore(connection, _provider.History, _options.HistoryTable);
        var rows = await prefetch.GuardAsync(() => ReadHistoryAsync(store, cancellationToken)).ConfigureAwait(false);
        var catalog = await prefetch.CatalogAsync().ConfigureAwait(false);
        var plan = await PlanFromAsync(catalog, rows, connection, cancellationToken).ConfigureAwait(false);

        // A pending script that cannot be split is bad input for every command, not only for migrate.
        _ = ScriptRunner.Prepare(_provider, plan.Steps);
        return plan;
    }

    /// <summary>Applies the plan. Bad input, drift and lock timeouts throw before anything changes; a failure while running is in the report.</summary>
    public Task<MigrationReport> MigrateAsync(bool dryRun = false, CancellationToken cancellationToken = default) =>
        MigrateAsync(dryRun, beforeChanges: null, cancellationToken);

    /// <summary>
    /// Applies the plan, calling <paramref name="beforeChanges"/> under the migration lock once the plan is known to change
    /// something and before the first change (e.g. to take a backup no other migration can slip in after).
    /// </summary>
    public async Task<MigrationReport> MigrateAsync(bool dryRun, Func<MigrationPlan, CancellationToken, Task>? beforeChanges, CancellationToken cancellationToken)
    {
        await using var prefetch = new CatalogPrefetch(LoadCatalog, concurrently: _provider.Capabilities.OpensWithoutSideEffects, cancellationToken);
        await using var connection = await prefetch.GuardAsync(() => OpenAsync(prefetch.Token)).ConfigureAwait(false);
        await using var heldLock = await prefetch.GuardAsync(() => AcquireLockAsync(connection, prefetch.Token, prefetch.Loaded)).ConfigureAwait(false);
        var store = new HistoryStore(connection, _provider.History, _options.HistoryTable);
        var rows = await prefetch.GuardAsync(() => ReadHistoryAsync(store, cancellationToken)).ConfigureAwait(false);
        var catalog = await prefetch.CatalogAsync().ConfigureAwait(false);
        var plan = await PlanFromAsync(catalog, rows, connection, cancellationToken).ConfigureAwait(false);
        ThrowOnProblems(plan);

        var runner = new ScriptRunner(_provider, connection, store, _observer, _options.AppliedBy, _options.Retries);
        var prepared = ScriptRunner.Prepare(_provider, plan.Steps);
        var planned = new MigrationReport(plan, [.. prepared.Select(p => new StepResult(p.Step, StepOutcome.Planned, TimeSpan.Zero, p.Pending))], null, dryRun);
        if (dryRun || (plan.IsUpToDate && plan.AdoptedVersion is null))
        {
            return planned;
        }

        if (beforeChanges is not null)
        {
            await beforeChanges(plan, cancellationToken).ConfigureAwait(false);
        }

        if (!plan.IsUpToDate)
        {
            _observer.PlanReady(plan, _provider.Target);
        }

        await PreFlight.ApplySessionSettingsAsync(_provider, connection, _options, cancellationToken).ConfigureAwait(false);
        await PreFlight.CheckActivityAsync(_provider, connection, prepared, _options, _observer, cancellationToken).ConfigureAwait(false);
        var rank = plan.History.NextRank;
        if (plan.History.Rows.Count == 0)
        {
            await store.EnsureAsync(cancellationToken).ConfigureAwait(false);
        }

        if (plan.AdoptedVersion is { } adopted)
        {
            await store.AppendAsync(BaselineRow(rank++, adopted, "adopted through --version-query"), null, cancellationToken).ConfigureAwait(false);
            _observer.Notice($"recorded baseline {adopted} read by the version query");
        }

        return plan.IsUpToDate ? planned : await runner.RunAsync(plan, prepared, rank, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs undo scripts from the current version down to <paramref name="to"/>, or refuses before running any.</summary>
    /// <param name="restoreHint">What to tell the operator when undo is impossible (the restore command).</param>
    public async Task<MigrationReport> RollbackAsync(SchemaVersion to, string restoreHint, bool dryRun = false, CancellationToken cancellationToken = default)
    {
        var catalog = LoadCatalog();
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var heldLock = await AcquireLockAsync(connection, cancellationToken).ConfigureAwait(false);
        var store = new HistoryStore(connection, _provider.History, _options.HistoryTable);
        var current = await BuildPlanAsync(catalog, connection, store, cancellationToken).ConfigureAwait(false);
        ThrowOnProblems(current);
        var plan = RollbackPlanner.Build(current, catalog, to, restoreHint);
        var prepared = ScriptRunner.Prepare(_provider, plan.Steps);
        if (dryRun || plan.IsUpToDate)
        {
            return new MigrationReport(plan, [.. prepared.Select(p => new StepResult(p.Step, StepOutcome.Planned, TimeSpan.Zero, p.Pending))], null, dryRun);
        }

        await PreFlight.ApplySessionSettingsAsync(_provider, connection, _options, cancellationToken).ConfigureAwait(false);
        var runner = new ScriptRunner(_provider, connection, store, _observer, _options.AppliedBy, _options.Retries);
        return await runner.RunAsync(plan, prepared, plan.History.NextRank, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Marks a database that predates Upshift as being at <paramref name="version"/>.</summary>
    public async Task BaselineAsync(SchemaVersion version, string description, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var heldLock = await AcquireLockAsync(connection, cancellationToken).ConfigureAwait(false);
        var store = new HistoryStore(connection, _provider.History, _options.HistoryTable);
        var rows = await ReadHistoryAsync(store, cancellationToken).ConfigureAwait(false);
        var view = new HistoryView(rows);
        if (view.Current is not null)
        {
            throw new UpshiftException(ErrorCode.BadArguments, $"cannot baseline: the history already records version {view.Current}", hint: "baseline is for databases without Upshift history; use migrate --target or rollback instead");
        }

        if (rows.Count == 0)
        {
            await store.EnsureAsync(cancellationToken).ConfigureAwait(false);
        }

        await store.AppendAsync(BaselineRow(view.NextRank, version, description), null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes unfinished attempts and re-aligns checksums of changed scripts; returns one line per change.</summary>
    public async Task<IReadOnlyList<string>> RepairAsync(CancellationToken cancellationToken = default)
    {
        var catalog = LoadCatalog();
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var heldLock = await AcquireLockAsync(connection, cancellationToken).ConfigureAwait(false);
        var store = new HistoryStore(connection, _provider.History, _options.HistoryTable);
        var plan = await BuildPlanAsync(catalog, connection, store, cancellationToken).ConfigureAwait(false);
        var changes = new List<string>();
        foreach (var entry in plan.Entries)
        {
            if (entry.State is MigrationState.Failed or MigrationState.Partial && entry.Row is { Success: false } unfinished)
            {
                await store.DeleteAsync(unfinished.Rank, cancellationToken).ConfigureAwait(false);
                changes.Add($"removed {entry.State.ToWire()} attempt of {entry.Script} (rank {unfinished.Rank}, {unfinished.StatementsDone} statements recorded)");
            }
            else if (entry.State == MigrationState.Changed && entry.Row is { } applied && entry.File is { } file)
            {
                await store.UpdateChecksumAsync(applied.Rank, file.Checksum, cancellationToken).ConfigureAwait(false);
                changes.Add($"re-aligned checksum of {entry.Script} (rank {applied.Rank}) to {file.Checksum}");
            }
        }

        return changes;
    }

    /// <summary>Runs a SQL file outside the history (seeding, one-off maintenance), statement by statement in one transaction where the engine allows.</summary>
    public async Task<int> ExecuteFileAsync(string path, CancellationToken cancellationToken = default)
    {
        string text;
        try
        {
            text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UpshiftException(ErrorCode.BadArguments, $"cannot read file: {e.Message}", path, inner: e);
        }

        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var runner = new ScriptRunner(_provider, connection, new HistoryStore(connection, _provider.History, _options.HistoryTable), _observer, _options.AppliedBy);
        return await runner.ExecuteFileAsync(path, text, cancellationToken).ConfigureAwait(false);
    }

    internal static void ThrowOnProblems(MigrationPlan plan)
    {
        if (TryDescribeProblems(plan, out var error))
        {
            throw error;
        }
    }

    /// <summary>The validation error a plan's problems amount to, for commands that report rather than throw.</summary>
    public static bool TryDescribeProblems(MigrationPlan plan, out UpshiftException error)
    {
        error = null!;
        if (plan.Problems.Count == 0)
        {
            return false;
        }

        var first = plan.Problems[0];
        var more = plan.Problems.Count > 1 ? $" (and {plan.Problems.Count - 1} more problems)" : string.Empty;
        error = new UpshiftException(
            ErrorCode.ValidationFailed,
            first.Message + more,
            first.Script,
            first.Line,
            first.State == MigrationState.OutOfOrder
                ? "rerun with --out-of-order to apply it anyway, or give it a higher version"
                : "restore the applied file, or run 'upshift repair' if the change is intended");
        return true;
    }

    private async Task<MigrationPlan> BuildPlanAsync(ScriptCatalog catalog, DbConnection connection, HistoryStore store, CancellationToken cancellationToken)
    {
        var rows = await ReadHistoryAsync(store, cancellationToken).ConfigureAwait(false);
        return await PlanFromAsync(catalog, rows, connection, cancellationToken).ConfigureAwait(false);
    }

    private async Task<MigrationPlan> PlanFromAsync(ScriptCatalog catalog, IReadOnlyList<HistoryRow> rows, DbConnection connection, CancellationToken cancellationToken)
    {
        SchemaVersion? adopted = null;
        if (_options.VersionQuery is { } query && new HistoryView(rows).Current is null)
        {
            adopted = await QueryVersionAsync(connection, query, cancellationToken).ConfigureAwait(false);
        }

        return Planner.Build(catalog, rows, adopted, new PlanOptions(_options.Target, _options.OutOfOrder, _options.Phase), _provider.Statements.Splitter);
    }

    private static async Task<IReadOnlyList<HistoryRow>> ReadHistoryAsync(HistoryStore store, CancellationToken cancellationToken)
    {
        try
        {
            return await store.ReadAsync(cancellationToken).ConfigureAwait(false) ?? [];
        }
        catch (DbException e)
        {
            // Never "no history": a peer once re-ran every script after a timeout here.
            throw new UpshiftException(ErrorCode.HistoryUnreadable, $"cannot read the migration history: {OneLine(e.Message)}", hint: "check the user's permissions on the history table and the connection; nothing was changed", inner: e);
        }
    }

    private static async Task<SchemaVersion?> QueryVersionAsync(DbConnection connection, string query, CancellationToken cancellationToken)
    {
        object? value;
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = query;
            value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbException e)
        {
            throw new UpshiftException(ErrorCode.ExecutionFailed, $"the version query failed: {OneLine(e.Message)}", hint: "check --version-query; nothing was changed", inner: e);
        }

        var text = value is null or DBNull ? null : Convert.ToString(value, CultureInfo.InvariantCulture);
        if (text is null)
        {
            return null;
        }

        return SchemaVersion.TryParse(text, out var version)
            ? version
            : throw new UpshiftException(ErrorCode.BadArguments, $"the version query returned '{text}', which is not a version", hint: "the query must return one value such as 8.1.100.29");
    }

    private async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _provider.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or System.Net.Sockets.SocketException or TimeoutException)
        {
            throw new UpshiftException(ErrorCode.ExecutionFailed, $"cannot connect to {_provider.Target}: {OneLine(e.Message)}", hint: "check --db and that the server is running; nothing was changed", inner: e);
        }
    }

    /// <param name="mayReport">While false, "waiting for the lock" is not reported: bad input found meanwhile must be the only thing said.</param>
    private async Task<IAsyncDisposable> AcquireLockAsync(DbConnection connection, CancellationToken cancellationToken, Func<bool>? mayReport = null)
    {
        var started = Stopwatch.StartNew();
        var request = new LockRequest(_options.LockTimeout, mayReport is null ? _observer.LockWaiting : holder =>
        {
            if (mayReport())
            {
                _observer.LockWaiting(holder);
            }
        });
        var held = await _provider.Lock.AcquireAsync(connection, request, cancellationToken).ConfigureAwait(false);
        _observer.LockAcquired(started.Elapsed);
        return held;
    }

    private HistoryRow BaselineRow(long rank, SchemaVersion version, string description) => new()
    {
        Rank = rank,
        Version = version.Text,
        Description = description,
        Kind = HistoryKinds.Baseline,
        Script = "<< baseline >>",
        Checksum = null,
        AppliedBy = _options.AppliedBy,
        AppliedAt = DateTime.UtcNow,
        DurationMs = 0,
        Success = true,
        StatementsDone = 0,
    };

    internal static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
