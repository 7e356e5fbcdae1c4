using System.Text.Json.Serialization;
using Upshift.Planning;

namespace Upshift.Reporting;

/// <summary>A validation problem as reports show it (status, plan, migrate and validate).</summary>
/// <param name="Line">The line in the script, where one is known; left out otherwise.</param>
public sealed record ProblemReport(
    MigrationState State,
    string Script,
    string? Version,
    string Message,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Line)
{
    /// <summary>The problems of a plan; <paramref name="withLines"/> false leaves lines out, as <c>validate</c> always has.</summary>
    public static IReadOnlyList<ProblemReport> From(MigrationPlan plan, bool withLines = true) =>
        [.. plan.Problems.Select(p => new ProblemReport(p.State, p.Script, p.Version, p.Message, withLines ? p.Line : null))];
}
