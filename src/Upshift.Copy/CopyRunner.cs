using Upshift.Copy.Execution;
using Upshift.Copy.Mapping;
using Upshift.Copy.Planning;
using Upshift.Copy.Verification;
using Upshift.Providers;

namespace Upshift.Copy;

/// <summary>
/// Copies the rows of one database into another whose schema is already at the newest version: plans every table
/// from both schemas and the mapping file (bad input is refused before a row moves), copies tables in foreign-key
/// order, several at once, resuming from the progress the target records, then compares both sides.
/// </summary>
/// <example>
/// <code>
/// var result = await new CopyRunner(oldDb, newDb, new CopyOptions { MapFile = "map.yaml" }).RunAsync();
/// if (!result.Equal) { /* result.Verification names the table and a key */ }
/// </code>
/// </example>
public sealed class CopyRunner
{
    private readonly CopySides _sides;
    private readonly CopyOptions _options;

    /// <summary>A copy from <paramref name="source"/> into <paramref name="target"/>; nothing happens until <see cref="RunAsync"/>.</summary>
    public CopyRunner(IDatabaseProvider source, IDatabaseProvider target, CopyOptions options)
    {
        _sides = new CopySides(source, target);
        _options = options;
    }

    /// <summary>
    /// Reads a mapping file and throws the error a copy would give for it (exit 2, with file and line); reads no database.
    /// Errors name the file <paramref name="displayName"/> (as the user wrote it), or <paramref name="path"/>.
    /// </summary>
    public static void CheckMapFile(string path, string? displayName = null) => CopyMapReader.Read(path, displayName ?? path);

    /// <summary>Copies (unless <see cref="CopyOptions.VerifyOnly"/>) and compares (unless <see cref="CopyOptions.Verify"/> is false).</summary>
    public async Task<CopyResult> RunAsync(CancellationToken cancellationToken = default)
    {
        var shapes = await PlanAsync(cancellationToken).ConfigureAwait(false);
        var store = new ProgressStore(_sides.TargetCopy);
        await using (var target = await _sides.OpenTargetAsync(cancellationToken).ConfigureAwait(false))
        {
            await store.EnsureAsync(target, cancellationToken).ConfigureAwait(false);
        }

        IReadOnlyList<TableCopyResult> copied = [];
        if (!_options.VerifyOnly)
        {
            var copier = new TableCopier(_sides, store, _options);
            var jobs = Math.Max(1, Math.Min(_options.Parallel, _sides.TargetCopy.MaxLoadParallelism));
            copied = await TableScheduler.RunAsync(shapes, jobs, respectOrder: true, async (shape, token) =>
            {
                var result = await copier.CopyAsync(shape, token).ConfigureAwait(false);
                _options.Observer?.TableCopied(result);
                return result;
            }, cancellationToken).ConfigureAwait(false);
        }

        IReadOnlyList<TableVerification> verified = [];
        if (_options.Verify || _options.VerifyOnly)
        {
            var verifier = new TableVerifier(_sides, store);
            verified = await TableScheduler.RunAsync(shapes, Math.Max(1, _options.Parallel), respectOrder: false, async (shape, token) =>
            {
                var result = await verifier.VerifyAsync(shape, token).ConfigureAwait(false);
                _options.Observer?.TableVerified(result);
                return result;
            }, cancellationToken).ConfigureAwait(false);
        }

        return new CopyResult(copied, verified);
    }

    private async Task<IReadOnlyList<TableShape>> PlanAsync(CancellationToken cancellationToken)
    {
        var map = _options.MapFile is { } file ? CopyMapReader.Read(file, _options.MapDisplayName ?? file) : CopyMap.Empty;
        IReadOnlyList<CopyTable> sourceTables, targetTables;
        await using (var source = await _sides.OpenSourceAsync(cancellationToken).ConfigureAwait(false))
        {
            sourceTables = await _sides.SourceCopy.ReadTablesAsync(source, cancellationToken).ConfigureAwait(false);
        }

        await using (var target = await _sides.OpenTargetAsync(cancellationToken).ConfigureAwait(false))
        {
            targetTables = await _sides.TargetCopy.ReadTablesAsync(target, cancellationToken).ConfigureAwait(false);
        }

        var ignored = _options.Ignored.Concat([ProgressStore.ProgressTable, ProgressStore.SkippedTable]).ToList();
        var plan = CopyPlanner.Plan(map, sourceTables, targetTables, new CopySelection(_options.Only, _options.Except, ignored));
        return plan.Tables.Select(t => new TableShape(t, _sides)).ToList();
    }
}
