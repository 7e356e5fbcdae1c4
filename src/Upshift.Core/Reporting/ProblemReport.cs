using System.Text.Json.Serialization;
using Upshift.Planning;

namespace Upshift.Reporting;

/// <summary>A validation problem as reports show it (status, plan, migrate and validate).</summary>
/// <param name="State">What is wrong: <c>changed</c>, <c>missing</c> or <c>out-of-order</c> (see <see cref="MigrationState"/>).</param>
/// <param name="Script">The script's path relative to the scripts folder, as the history records it.</param>
/// <param name="Version">The script's version as written in its file name; null for a repeatable script.</param>
/// <param name="Message">One line saying what is wrong.</param>
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
