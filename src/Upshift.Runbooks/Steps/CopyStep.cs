using System.Globalization;
using Upshift.Copy;
using Upshift.Runbooks.Execution;

namespace Upshift.Runbooks.Steps;

/// <summary>
/// <c>copy: { from, to, map, only, except, on-conflict, parallel }</c>: <c>upshift copy</c> between two components.
/// The <c>to</c> component is first migrated to its newest version through the migrate step's session path (its
/// scripts or release chain); then the rows of <c>from</c> stream into it through the mapping file, and both sides
/// are compared. The copy records its own progress in the target, so a rerun of an interrupted step resumes where the
/// last committed chunk ended and a rerun of a finished one only verifies again.
/// </summary>
internal sealed class CopyStep : IStepKind, IDescribedStep
{
    private static readonly string[] Keys = ["from", "to", "map", "only", "except", "on-conflict", "parallel"];

    public string Name => "copy";

    public void Validate(RunbookStep step, Runbook runbook)
    {
        var body = step.Body;
        body.OnlyKeys("copy", Keys);
        var from = Component(body, "from", runbook);
        var to = Component(body, "to", runbook);
        if (from == to)
        {
            throw body["to"]!.Error($"copy from {from} into itself", "the target is a new database: give it a component of its own");
        }

        var target = runbook.Components[to];
        if (target.Scripts is null && target.Releases.Count == 0)
        {
            throw body["to"]!.Error($"component {to} has no scripts: or releases: to create the new schema with", "the copy migrates its target to the newest version before copying into it");
        }

        foreach (var key in new[] { "only", "except" })
        {
            if (body[key] is { } list && list.AsList(key).Any(t => t.AsText($"an entry of {key}").Length == 0))
            {
                throw list.Error($"{key} names an empty table");
            }
        }

        _ = Conflict(body);
        if (body["parallel"] is { } parallel && parallel.AsInt("parallel") < 1)
        {
            throw parallel.Error("parallel must be 1 or more");
        }

        if (body["map"] is { } map)
        {
            var path = runbook.PathOf(map.AsText("map"));
            if (!File.Exists(path))
            {
                throw map.Error($"the mapping file {map.Scalar} does not exist", "map: is relative to the runbook's folder");
            }

            // The map's own mistakes (shapes, unknown keys, contradictions) are named at their line in the map.
            CopyRunner.CheckMapFile(path, map.Scalar);
        }
    }

    public async Task<StepResult> RunAsync(StepRun run, CancellationToken cancellationToken)
    {
        var body = run.Step.Body;
        var source = run.Runbook.Components[body["from"]!.Scalar!];
        var target = run.Runbook.Components[body["to"]!.Scalar!];
        var (migrated, error) = await MigrateStep.ToNewestAsync(run, target, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return StepResult.Failed($"{target.Name}: {error}", migrated);
        }

        if (await Windows.BrokenAsync(run.Runbook, run.Components, target.Name, cancellationToken).ConfigureAwait(false) is { } broken)
        {
            return StepResult.Failed(broken, migrated);
        }

        run.Progress(migrated);
        var options = new CopyOptions
        {
            MapFile = body["map"] is { } map ? run.PathOf(map.Scalar!) : null,
            MapDisplayName = body["map"]?.Scalar,
            Only = Names(body["only"]),
            Except = Names(body["except"]),
            Parallel = body["parallel"]?.AsInt("parallel") ?? 2,
            OnConflict = Conflict(body),
            // Neither side's history belongs to the data: the target has its own, written by the migration just run.
            Ignored = [.. new[] { source, target }.Select(c => c.HistoryTable is { } table ? History.HistoryTable.Parse(table).Name : History.HistoryTable.DefaultName).Distinct(StringComparer.OrdinalIgnoreCase)],
            Observer = new CopyProgress(run),
            Faults = run.Options.Faults,
        };
        CopyResult result;
        await using (var from = run.Components.CreateProvider(source))
        await using (var into = run.Components.CreateProvider(target))
        {
            result = await new CopyRunner(from, into, options).RunAsync(cancellationToken).ConfigureAwait(false);
        }

        var seen = $"{migrated}; {Summary(result)}";
        if (result.Verification.FirstOrDefault(v => !v.Equal) is { } different)
        {
            return StepResult.Failed($"verification failed: {different.Problem ?? different.Target + " differs"}", seen);
        }

        return StepResult.Done(seen);
    }

    public string Describe(RunbookStep step)
    {
        var body = step.Body;
        var selection = body["only"] is { } only ? $" only {string.Join(",", Names(only))}" : body["except"] is { } except ? $" except {string.Join(",", Names(except))}" : string.Empty;
        var map = body["map"] is { } file ? $" with {file.Scalar}" : string.Empty;
        return $"copy {body["from"]!.Scalar} into {body["to"]!.Scalar}{selection}{map}";
    }

    private static string Summary(CopyResult result)
    {
        var copied = result.Tables.Sum(t => t.RowsCopied);
        var skipped = result.Tables.Sum(t => t.RowsSkipped);
        var equal = result.Verification.Count(v => v.Equal);
        var text = string.Create(CultureInfo.InvariantCulture, $"{result.Tables.Count} tables, {copied} rows copied");
        text += skipped > 0 ? string.Create(CultureInfo.InvariantCulture, $", {skipped} kept in the target (on-conflict skip)") : string.Empty;
        return text + string.Create(CultureInfo.InvariantCulture, $", {equal} of {result.Verification.Count} tables verified equal");
    }

    private static string Component(Parsing.Node body, string key, Runbook runbook)
    {
        var name = body[key]?.AsText(key) ?? throw body.Error($"copy needs {key}: a component");
        return runbook.Components.ContainsKey(name)
            ? name
            : throw body[key]!.Error($"unknown component '{name}'", "components: " + string.Join(", ", runbook.Components.Keys));
    }

    private static CopyConflict Conflict(Parsing.Node body) => body["on-conflict"] is not { } node
        ? CopyConflict.Skip
        : node.AsText("on-conflict") switch
        {
            "skip" => CopyConflict.Skip,
            "fail" => CopyConflict.Fail,
            "update" => CopyConflict.Update,
            var other => throw node.Error($"on-conflict '{other}' is not skip, fail or update", "skip (the default) keeps the row the target already has"),
        };

    private static List<string> Names(Parsing.Node? list) =>
        list is null ? [] : [.. list.AsList("a table list").Select(n => n.AsText("a table")).SelectMany(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];
}
