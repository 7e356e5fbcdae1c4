using System.CommandLine;
using Upshift.Cli.Output;
using Upshift.Copy;
using Upshift.Errors;
using Upshift.Providers;
using Upshift.Sessions;

namespace Upshift.Cli.Commands;

/// <summary>
/// <c>copy --from SRC --to DST --scripts DIR</c>: migrates the target to the newest version of the scripts, copies every
/// table's rows through the mapping, resumably, then compares both sides (exit 1 on a difference).
/// </summary>
internal static class CopyCommand
{
    public static Command Create(CliOptions options)
    {
        var from = new Option<string>("--from") { Description = "The source database URL (sqlite:PATH, postgres://..., mysql://...)", Required = true };
        var to = new Option<string?>("--to") { Description = "The target database URL; migrated to the newest version of --scripts first (default: --db)" };
        var map = new Option<string?>("--map") { Description = "Mapping file (YAML): table and column renames, drops, computed columns, row filters, terminology" };
        var only = new Option<string[]>("--only") { Description = "T,...: copy only these source tables", AllowMultipleArgumentsPerToken = false };
        var except = new Option<string[]>("--except") { Description = "T,...: leave these source tables out", AllowMultipleArgumentsPerToken = false };
        var parallel = new Option<int?>("--parallel") { Description = "Tables copied at once (default 2)" };
        var onConflict = new Option<string?>("--on-conflict") { Description = "A row whose key the target holds: skip (default, keeps the target's), fail, or update (overwrites)" };
        var verifyOnly = new Option<bool>("--verify-only") { Description = "Copy nothing: compare both sides, table by table" };
        var noVerify = new Option<bool>("--no-verify") { Description = "Do not compare both sides after the copy" };
        var chunkRows = new Option<int?>("--chunk-rows") { Description = "Rows per target transaction, each committed with the copy's progress (default 20000)" };
        var command = new Command("copy", "Copy the rows of one database into a new one at the newest schema: mapped, streaming, resumable, verified");
        foreach (var option in new Option[] { from, to, map, only, except, parallel, onConflict, verifyOnly, noVerify, chunkRows })
        {
            command.Options.Add(option);
        }

        CommandRunner.SetAction(command, options, async (context, cancellationToken) =>
        {
            var copyOptions = Options(context, context.Value(map), Names(context.Value(only)), Names(context.Value(except)), context.Value(parallel), context.Value(onConflict), context.Value(verifyOnly), context.Value(noVerify));
            if (context.Value(chunkRows) is { } rows)
            {
                copyOptions = rows >= 1 ? copyOptions with { ChunkRows = rows } : throw new UpshiftException(ErrorCode.BadArguments, "--chunk-rows must be 1 or more");
            }

            var target = context.Value(to) ?? (context.HasDatabase ? null : Environment.GetEnvironmentVariable("UPSHIFT_DB"));
            var settings = new ProviderSettings(context.HistoryTable, context.Redactor);
            await using var source = context.Registry.Create(context.Value(from), null, settings);
            await using var copyTarget = target is null ? context.CreateProvider() : context.Registry.Create(target, null, settings);
            var output = context.Json ? Console.Error : Console.Out;
            if (!copyOptions.VerifyOnly)
            {
                var migrated = await MigrateTargetAsync(context, target, output, cancellationToken).ConfigureAwait(false);
                if (migrated is not null)
                {
                    return migrated.Value;
                }
            }

            Task<CopyResult> CopyAsync(ICopyObserver observer) => new CopyRunner(source, copyTarget, copyOptions with { Observer = observer }).RunAsync(cancellationToken);
            var result = context.Interactive
                ? await TerminalCopyProgress.RunAsync(CopyAsync).ConfigureAwait(false)
                : await CopyAsync(new CopyLines(new ProgressWriter(output, context.Json, context.Redactor))).ConfigureAwait(false);
            if (!context.Json)
            {
                CopySummary.Write(Console.Out, result);
            }

            if (context.Json)
            {
                JsonOutput.Write(CopyDocument.Of(result, context.Redactor.Redact(source.Target), context.Redactor.Redact(copyTarget.Target)), CopyJsonContext.Default.CopyDocument);
            }

            if (!result.Equal)
            {
                var first = result.Verification.First(v => !v.Equal);
                CommandRunner.WriteError(context, new UpshiftException(ErrorCode.ExecutionFailed, $"verification failed: {first.Problem}", hint: "the copy never overwrites a target row to make it match; find the cause, then rerun with --verify-only"));
                return ExitCodes.Failed;
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static CopyOptions Options(CliContext context, string? map, IReadOnlyList<string> only, IReadOnlyList<string> except, int? parallel, string? onConflict, bool verifyOnly, bool noVerify)
    {
        if (parallel is < 1)
        {
            throw new UpshiftException(ErrorCode.BadArguments, "--parallel must be 1 or more");
        }

        if (verifyOnly && noVerify)
        {
            throw new UpshiftException(ErrorCode.BadArguments, "--verify-only and --no-verify contradict each other");
        }

        var conflict = onConflict switch
        {
            null => CopyConflict.Skip,
            var text when Enum.TryParse<CopyConflict>(text, ignoreCase: true, out var parsed) && !text.All(char.IsAsciiDigit) => parsed,
            var text => throw new UpshiftException(ErrorCode.BadArguments, $"--on-conflict '{text}' is not skip, fail or update"),
        };
        if (map is not null)
        {
            CopyRunner.CheckMapFile(map);
        }

        return new CopyOptions
        {
            MapFile = map,
            Only = only,
            Except = except,
            Parallel = parallel ?? 2,
            OnConflict = conflict,
            Verify = !noVerify,
            VerifyOnly = verifyOnly,
            Ignored = [context.HistoryTable.Name],
            Faults = context.Host.Faults,
        };
    }

    /// <summary>The target at the newest version of --scripts; null when that went well, else the exit code.</summary>
    private static async Task<int?> MigrateTargetAsync(CliContext context, string? target, TextWriter output, CancellationToken cancellationToken)
    {
        var provider = target is null ? context.CreateProvider() : context.Registry.Create(target, null, new ProviderSettings(context.HistoryTable, context.Redactor));
        await using var session = UpgradeSession.Open(provider, context.UpgradeOptions(), new PlainProgress(context.Json, context.Redactor));
        var report = await session.MigrateAsync(cancellationToken).ConfigureAwait(false);
        if (report.Error is { } error)
        {
            return CommandRunner.Report(context, error);
        }

        if (!context.Json)
        {
            output.WriteLine(CopyLines.Migrated(report));
        }

        return null;
    }

    private static List<string> Names(string[]? values) =>
        (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
}
