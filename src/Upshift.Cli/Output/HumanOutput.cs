using Upshift.History;
using Upshift.Catalog;
using Upshift.Engine;
using Upshift.Planning;

namespace Upshift.Cli.Output;

/// <summary>Plain-text reports for people: aligned columns, no colour codes, readable when redirected to a log.</summary>
internal static class HumanOutput
{
    public static void Status(MigrationPlan plan, string target)
    {
        var applied = plan.Entries.Count(e => e.State == MigrationState.Applied);
        Console.WriteLine($"Database:  {target}");
        Console.WriteLine($"Version:   {plan.From?.Text ?? "none"}{(plan.AdoptedVersion is null ? string.Empty : " (from --version-query; not yet recorded)")}");
        Console.WriteLine($"State:     {plan.State.ToWire()}");
        Console.WriteLine($"Scripts:   {applied} applied, {plan.Steps.Count} pending, {plan.Problems.Count} problems");
        Console.WriteLine();
        var rows = plan.Entries
            .Where(e => e.State != MigrationState.BelowBaseline || e.File is null)
            .Select(e => new[] { e.Version ?? "-", e.Kind.ToWire(), e.File?.Directives.Phase.ToString().ToLowerInvariant() ?? "-", e.State.ToWire(), e.AppliedAt?.ToString("yyyy-MM-dd HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture) ?? "-", e.Script + (e.Detail is null ? string.Empty : $"  ({e.Detail})") })
            .ToList();
        var covered = plan.Entries.Count(e => e.State == MigrationState.BelowBaseline);
        Table(["VERSION", "KIND", "PHASE", "STATE", "APPLIED AT (UTC)", "SCRIPT"], rows);
        if (covered > 0)
        {
            Console.WriteLine($"({covered} scripts at or below the baseline {plan.Baseline?.Text ?? plan.AdoptedVersion?.Text} are covered by it and not listed)");
        }

        Problems(plan);
    }

    public static void Plan(MigrationPlan plan, string target, TextWriter? writer = null)
    {
        var output = writer ?? Console.Out;
        if (plan.IsUpToDate && !plan.Entries.Any(e => e.State == MigrationState.Deferred))
        {
            output.WriteLine($"{target} is up to date at version {plan.From?.Text ?? "none"}; nothing to do.");
            Problems(plan, output);
            return;
        }

        output.WriteLine($"Plan for {target}: {plan.From?.Text ?? "empty"} -> {plan.To?.Text ?? "empty"}, {plan.Steps.Count} steps");
        if (plan.AdoptedVersion is not null)
        {
            output.WriteLine($"  (the database predates Upshift; version {plan.AdoptedVersion.Text} from --version-query will be recorded as baseline)");
        }

        var rows = plan.Steps.Select((s, i) => new[]
        {
            (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
            s.Script.Version?.Text ?? "-",
            s.Script.Kind.ToWire(),
            s.Script.Directives.Phase.ToString().ToLowerInvariant(),
            s.State == MigrationState.Pending ? "apply" : s.State == MigrationState.Partial ? $"resume at statement {s.ResumeFrom + 1}" : s.State == MigrationState.Outdated ? "re-apply (changed)" : s.State == MigrationState.Failed ? "retry (last attempt failed)" : s.State.ToWire(),
            s.Script.Path + (s.Script.Directives.NoTransaction ? "  [no-transaction]" : string.Empty),
        }).ToList();
        Table(["#", "VERSION", "KIND", "PHASE", "ACTION", "SCRIPT"], rows, output);
        var deferred = plan.Entries.Where(e => e.State == MigrationState.Deferred).ToList();
        if (deferred.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("Deferred to a later phase:");
            foreach (var entry in deferred)
            {
                output.WriteLine($"  {entry.Version,-12} {entry.Script}  ({entry.Detail})");
            }
        }

        Problems(plan, output);
    }

    public static void DryRunSql(IReadOnlyList<StepResult> steps)
    {
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i].Step;
            Console.WriteLine();
            Console.WriteLine($"-- [{i + 1}/{steps.Count}] {step.Script.Path} ({step.Script.Kind.ToWire()} {step.Script.Version?.Text})");
            foreach (var statement in steps[i].Statements)
            {
                Console.WriteLine(statement.Text.TrimEnd() + ";");
            }
        }
    }

    public static void Problems(MigrationPlan plan, TextWriter? writer = null)
    {
        var output = writer ?? Console.Out;
        if (plan.Problems.Count == 0)
        {
            return;
        }

        output.WriteLine();
        output.WriteLine("Problems:");
        foreach (var problem in plan.Problems)
        {
            output.WriteLine($"  {problem.State.ToWire()}: {problem.Message}{(problem.Line is null ? string.Empty : $" (line {problem.Line})")}");
        }
    }

    public static void Table(string[] headers, IReadOnlyList<string[]> rows, TextWriter? writer = null)
    {
        var output = writer ?? Console.Out;
        var widths = headers.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        output.WriteLine("  " + string.Join("  ", headers.Select((h, i) => i == headers.Length - 1 ? h : h.PadRight(widths[i]))));
        foreach (var row in rows)
        {
            output.WriteLine("  " + string.Join("  ", row.Select((c, i) => i == row.Length - 1 ? c : c.PadRight(widths[i]))));
        }
    }

    public static string Describe(MigrationScript script) => $"{script.Path}";
}
