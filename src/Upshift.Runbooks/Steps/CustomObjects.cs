using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Upshift.Providers;
using Upshift.Runbooks.Execution;

namespace Upshift.Runbooks.Steps;

/// <summary>
/// <c>keep-custom-objects</c>: before the next <c>migrate</c> of its component, records the indexes, views, triggers
/// and grants whose names appear in no script of the component (a site's own additions); at that migrate's end,
/// reports those gone and, with <c>recreate: true</c>, makes them again. The record is kept in the ledger, so a migrate
/// resumed after a crash still knows what was there before it.
/// </summary>
internal sealed class KeepCustomObjectsStep : IStepKind, IDescribedStep
{
    public string Name => "keep-custom-objects";

    public void Validate(RunbookStep step, Runbook runbook)
    {
        step.Body.OnlyKeys("keep-custom-objects", "component", "recreate");
        var component = MigrateStep.RequireComponent(step.Body, runbook);
        _ = step.Body["recreate"]?.AsBool("recreate");
        if (runbook.Components[component].Scripts is null && runbook.Components[component].Releases.Count == 0)
        {
            throw step.Body.Error($"component {component} has no scripts, so nothing it runs could lose an object");
        }
    }

    public async Task<StepResult> RunAsync(StepRun run, CancellationToken cancellationToken)
    {
        var name = run.Step.Body["component"]!.Scalar!;
        var component = run.Runbook.Components[name];
        var words = ScriptWords(run.Runbook, component);
        await using var session = run.Components.Open(name);
        var provider = session.Provider;
        await using var connection = await provider.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var custom = (await SchemaObjects.ListAsync(provider.Engine, connection, cancellationToken).ConfigureAwait(false))
            .Where(o => !words.Contains(NameWord(o).ToLowerInvariant())).ToList();
        var record = new CustomRecord(run.Step.Body["recreate"]?.AsBool("recreate") ?? false, custom);
        await run.Ledger.RememberAsync(CustomObjects.KeyOf(name), JsonSerializer.Serialize(record, CustomJson.Default.CustomRecord), cancellationToken).ConfigureAwait(false);
        return StepResult.Done(custom.Count == 0 ? "no custom objects" : $"recorded {custom.Count}: {CustomObjects.Names(custom)}");
    }

    public string Describe(RunbookStep step) => $"record custom objects of {step.Body["component"]!.Scalar}";

    private static string NameWord(SchemaObject o) => o.Kind == "grant" ? o.Name.Split(':')[0] : o.Name;

    private static HashSet<string> ScriptWords(Runbook runbook, RunbookComponent component)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        foreach (var folder in component.Releases.Append(component.Scripts).OfType<string>())
        {
            foreach (var file in Directory.EnumerateFiles(runbook.PathOf(folder), "*.sql", SearchOption.AllDirectories))
            {
                foreach (Match word in Regex.Matches(File.ReadAllText(file), "[A-Za-z_][A-Za-z0-9_$]*"))
                {
                    words.Add(word.Value.ToLowerInvariant());
                }
            }
        }

        return words;
    }
}

internal sealed record CustomRecord(bool Recreate, IReadOnlyList<SchemaObject> Objects);

/// <summary>The migrate step's half of keep-custom-objects: what a recorded object came to after the scripts ran.</summary>
internal static class CustomObjects
{
    public static string KeyOf(string component) => "custom-objects:" + component;

    public static string Names(IEnumerable<SchemaObject> objects) => string.Join(", ", objects.Select(o => $"{o.Name} ({o.Kind})"));

    public static async Task<CustomRecord?> BeforeMigrateAsync(StepRun run, string component, CancellationToken cancellationToken) =>
        await run.Ledger.RecallAsync(KeyOf(component), cancellationToken).ConfigureAwait(false) is { } json
            ? JsonSerializer.Deserialize(json, CustomJson.Default.CustomRecord)
            : null;

    public static async Task<string> AfterMigrateAsync(StepRun run, string component, CustomRecord record, CancellationToken cancellationToken)
    {
        await using var session = run.Components.Open(component);
        IDatabaseProvider provider = session.Provider;
        await using var connection = await provider.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var now = (await SchemaObjects.ListAsync(provider.Engine, connection, cancellationToken).ConfigureAwait(false)).Select(o => (o.Kind, o.Name)).ToHashSet();
        var gone = record.Objects.Where(o => !now.Contains((o.Kind, o.Name))).ToList();
        var recreated = new List<SchemaObject>();
        var lost = new List<string>();
        foreach (var item in gone)
        {
            if (!record.Recreate)
            {
                lost.Add($"{item.Name} ({item.Kind})");
                continue;
            }

            try
            {
                await using var command = connection.CreateCommand();
                command.CommandText = item.Definition;
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                recreated.Add(item);
            }
            catch (System.Data.Common.DbException e)
            {
                lost.Add($"{item.Name} ({item.Kind}: {Errors.Messages.OneLine(e.Message)})");
            }
        }

        var kept = record.Objects.Count - gone.Count;
        return $"custom objects of {component}: {kept} kept" + (recreated.Count > 0 ? $", re-created {Names(recreated)}" : string.Empty) + (lost.Count > 0 ? $", lost {string.Join(", ", lost)}" : string.Empty);
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(CustomRecord))]
internal sealed partial class CustomJson : JsonSerializerContext;
