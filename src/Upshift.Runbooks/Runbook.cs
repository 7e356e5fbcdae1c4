using Upshift.Runbooks.Parsing;
using Upshift.Runbooks.Steps;

namespace Upshift.Runbooks;

/// <summary>A database of the procedure: where it is, its scripts or releases, and how it relates to the others.</summary>
internal sealed record RunbookComponent(
    string Name,
    int Line,
    string Db,
    string? Scripts,
    IReadOnlyList<string> Releases,
    string? VersionQuery,
    string? HistoryTable,
    IReadOnlyList<string> After,
    IReadOnlyDictionary<string, string> Requires);

/// <summary>How often and how long to wait between tries of a failing step.</summary>
internal sealed record RetrySpec(int Attempts, TimeSpan Delay)
{
    public static readonly RetrySpec None = new(1, TimeSpan.Zero);
}

/// <summary>One step of a runbook, variables resolved, ready to run; nested steps (for-each) are already flattened.</summary>
internal sealed class RunbookStep
{
    public required string Id { get; init; }

    public required IStepKind Kind { get; init; }

    /// <summary>The value of the kind's key (<c>exec: …</c>, <c>check: {…}</c>).</summary>
    public required Node Body { get; init; }

    /// <summary>The whole step as written, for the keys beside the kind's (<c>env</c>, <c>expect-exit</c>).</summary>
    public required Node Whole { get; init; }

    public int Line => Whole.Line;

    public TimeSpan? Timeout { get; init; }

    public RetrySpec Retry { get; init; } = RetrySpec.None;

    /// <summary>False when <c>when:</c> says the step does not apply here.</summary>
    public bool Applies { get; init; } = true;

    public bool Idempotent { get; init; }

    public TimeSpan? NotBefore { get; init; }

    /// <summary>A fingerprint of the step as written: a finished step whose fingerprint changes is an edit under it (exit 3).</summary>
    public required string Hash { get; init; }

    /// <summary>The steps of <c>on-timeout</c>, run only when <c>--allow</c> names this step.</summary>
    public IReadOnlyList<RunbookStep> OnTimeout { get; init; } = [];
}

/// <summary>A runbook as read from its file: components, the forward steps and the rollback steps.</summary>
internal sealed class Runbook
{
    public required string Name { get; init; }

    public required string File { get; init; }

    /// <summary>The runbook's folder: relative paths in it, and commands, start here.</summary>
    public required string Folder { get; init; }

    public required string StatePath { get; init; }

    public required string Checksum { get; init; }

    public required IReadOnlyDictionary<string, RunbookComponent> Components { get; init; }

    public required IReadOnlyList<RunbookStep> Steps { get; init; }

    public required IReadOnlyList<RunbookStep> Rollback { get; init; }

    /// <summary>Values of secret variables and passwords of component URLs, masked in every output.</summary>
    public required IReadOnlyCollection<string> Secrets { get; init; }

    /// <summary>Every step, forward then rollback, each followed by its <c>on-timeout</c> steps: the order the ledger lists them in.</summary>
    public IReadOnlyList<RunbookStep> AllSteps => _allSteps ??= [.. Parsing.RunbookParser.Flatten(Steps).Concat(Parsing.RunbookParser.Flatten(Rollback))];

    private IReadOnlyList<RunbookStep>? _allSteps;

    public string PathOf(string relative) => Path.GetFullPath(Path.Combine(Folder, relative));

    /// <summary>Components in migrate order (<c>after:</c> first).</summary>
    public IReadOnlyList<RunbookComponent> InMigrateOrder()
    {
        var ordered = new List<RunbookComponent>();
        var seen = new HashSet<string>();
        void Visit(RunbookComponent component)
        {
            if (!seen.Add(component.Name))
            {
                return;
            }

            foreach (var before in component.After)
            {
                Visit(Components[before]);
            }

            ordered.Add(component);
        }

        foreach (var component in Components.Values)
        {
            Visit(component);
        }

        return ordered;
    }
}
