using Upshift.Backup.Format;
using Upshift.Diagnostics;
using Upshift.Errors;
using Upshift.Providers;

namespace Upshift.Backup;

/// <summary>What to restore and how.</summary>
/// <param name="InputPath">The backup file to restore; it is verified whole before the target is touched.</param>
public sealed record RestoreOptions(string InputPath)
{
    /// <summary>Replace a target that holds objects; without it such a target is refused (exit 2).</summary>
    public bool Force { get; init; }

    /// <summary>Tables loaded and indexes built at once.</summary>
    public int Jobs { get; init; } = 2;

    /// <summary>The key the backup was encrypted with; given one, a backup in the clear is refused (exit 3).</summary>
    public BackupKey? Key { get; init; }

    /// <summary>The fault points the restore reaches (tests only); by default none does anything.</summary>
    public IFaultInjector Faults { get; init; } = FaultPoints.None;
}

/// <summary>What a restore did.</summary>
/// <param name="Manifest">The manifest of the backup restored.</param>
/// <param name="Target">The database restored into, without secrets.</param>
/// <param name="Replaced">True when the target held objects that the restore replaced.</param>
/// <param name="Elapsed">Wall-clock time of the whole restore, verification included.</param>
public sealed record RestoreReport(BackupManifest Manifest, string Target, bool Replaced, TimeSpan Elapsed);

/// <summary>
/// Restores a backup: checks the whole file first, builds the database beside the target (schema, rows in parallel
/// with each table's indexes and key constraints as soon as its rows are in, then the rest of the schema and sequences),
/// and replaces the target in one atomic step. Any failure before that
/// step leaves the target as it was.
/// </summary>
internal static class RestoreRunner
{
    public static async Task<RestoreReport> RunAsync(IDatabaseProvider provider, RestoreOptions options, IBackupObserver? observer = null, CancellationToken cancellationToken = default)
    {
        observer ??= SilentBackupObserver.Instance;
        observer.Started(BackupOperation.Restore);
        try
        {
            var report = await RestoreAsync(provider, options, observer, cancellationToken).ConfigureAwait(false);
            observer.Completed(BackupOperation.Restore, report.Manifest, report.Elapsed);
            return report;
        }
        catch (Exception error)
        {
            observer.Failed(BackupOperation.Restore, error);
            throw;
        }
    }

    private static async Task<RestoreReport> RestoreAsync(IDatabaseProvider provider, RestoreOptions options, IBackupObserver observer, CancellationToken cancellationToken)
    {
        var started = DateTime.UtcNow;
        var engine = provider.Capabilities.Backup ?? throw BackupRunner.Unsupported(provider);
        using var reader = await BackupReader.OpenAsync(options.InputPath, options.Key, cancellationToken).ConfigureAwait(false);
        var manifest = reader.Manifest;
        if (manifest.Engine != provider.Engine)
        {
            throw new UpshiftException(ErrorCode.BadArguments, $"the backup is of a {manifest.Engine} database and cannot be restored into {provider.Engine}", options.InputPath, hint: $"restore it into a {manifest.Engine} database");
        }

        await using var target = await BackupRunner.Connecting(provider, () => engine.OpenTargetAsync(new RestoreTargetOptions { Faults = options.Faults }, cancellationToken)).ConfigureAwait(false);
        var existing = await BackupRunner.Connecting(provider, () => target.ExistingObjectsAsync(cancellationToken)).ConfigureAwait(false);
        if (existing.Count > 0 && !options.Force)
        {
            throw new UpshiftException(
                ErrorCode.BadArguments,
                $"the target is not empty: {target.Description} holds {string.Join(", ", existing.Take(5))}{(existing.Count > 5 ? ", ..." : string.Empty)}",
                hint: "restore into an empty database, or pass --force to replace it (if the restore fails, the target stays as it was)");
        }

        observer.PhaseStarted(BackupPhase.Verify);
        await reader.VerifyOrThrowAsync(decompress: false, observer, cancellationToken).ConfigureAwait(false);
        var schema = new List<SchemaPart>();
        for (var i = 0; i < manifest.Schema.Count; i++)
        {
            schema.Add(new SchemaPart(manifest.Schema[i].Name, await reader.ReadSchemaAsync(i, cancellationToken).ConfigureAwait(false)));
        }

        var tables = manifest.Tables.Select(t => t.Table!).ToList();
        var content = new RestoreContent(manifest.Engine, schema, tables, manifest.Sequences, manifest.Properties) { SourcePath = options.InputPath };

        try
        {
            observer.PhaseStarted(BackupPhase.Schema);
            await target.PrepareAsync(content, cancellationToken).ConfigureAwait(false);
            observer.PhaseStarted(BackupPhase.Tables);
            await LoadTablesAsync(reader, target, content, options.Jobs, observer, cancellationToken).ConfigureAwait(false);
            observer.PhaseStarted(BackupPhase.Indexes);
            options.Faults.Reach(FaultPoints.RestoreBeforeFinish);
            await target.FinishAsync(content, cancellationToken).ConfigureAwait(false);
            options.Faults.Reach(FaultPoints.RestoreBeforeSwap);
            observer.PhaseStarted(BackupPhase.Swap);
            await target.SwapAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await target.AbandonAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        return new RestoreReport(manifest, target.Description, existing.Count > 0, DateTime.UtcNow - started);
    }

    private static async Task LoadTablesAsync(BackupReader reader, IRestoreTarget target, RestoreContent content, int jobs, IBackupObserver observer, CancellationToken cancellationToken)
    {
        var tables = content.Tables;
        var meter = new TransferMeter(BackupPhase.Restore) { TotalBytes = tables.Sum(t => t.RawBytes), TotalRows = tables.Sum(t => t.Rows), Tables = tables.Count };
        using var progress = ProgressTicker.Start(meter, observer);
        var workers = Math.Clamp(jobs, 1, Math.Max(1, target.MaxParallelism));
        await RestoreScheduler.RunAsync(tables, target.TableSteps(content, workers), workers, async (i, token) =>
        {
            var began = DateTime.UtcNow;
            var table = tables[i];
            await using var data = reader.OpenStream(BlockKind.Table, i, meter);
            var rows = await target.ImportTableAsync(table, data, new BackupRunner.RowCounter(meter), token).ConfigureAwait(false);
            if (await data.ReadAsync(new byte[1], token).ConfigureAwait(false) != 0)
            {
                throw new UpshiftException(ErrorCode.ExecutionFailed, $"table {table.DisplayName}: the engine stopped reading before the end of its data", hint: "nothing was replaced; report this as a bug");
            }

            if (rows != table.Rows)
            {
                throw new UpshiftException(ErrorCode.ExecutionFailed, $"table {table.DisplayName}: loaded {rows} rows, the backup holds {table.Rows}", hint: "nothing was replaced; report this as a bug");
            }

            meter.TableDone();
            observer.TableCompleted(table, DateTime.UtcNow - began);
        }, cancellationToken).ConfigureAwait(false);
    }
}
