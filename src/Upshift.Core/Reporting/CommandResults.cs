using Upshift.Planning;

namespace Upshift.Reporting;

/// <summary>What <c>validate</c> reports. Its problems carry no line (they never have; status and plan give it).</summary>
/// <param name="Valid">True when there is no problem; false is exit 3.</param>
/// <param name="CurrentVersion">The current version as written in its file name; null when the database has none.</param>
/// <param name="Applied">Scripts applied and unchanged.</param>
/// <param name="Pending">Steps a migrate would run.</param>
/// <param name="Problems">Every drift found (changed, missing, out-of-order); empty when valid.</param>
public sealed record ValidateReport(bool Valid, string? CurrentVersion, int Applied, int Pending, IReadOnlyList<ProblemReport> Problems)
{
    /// <summary>The report of <paramref name="plan"/>'s validation.</summary>
    public static ValidateReport From(MigrationPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return new(plan.Problems.Count == 0, plan.From?.Text, plan.Entries.Count(e => e.State == MigrationState.Applied), plan.Steps.Count, ProblemReport.From(plan, withLines: false));
    }
}

/// <summary>What <c>baseline</c> reports: the version recorded.</summary>
/// <param name="Baseline">The version recorded, as given.</param>
public sealed record BaselineReport(string Baseline);

/// <summary>What <c>repair</c> reports: one line per change to the history, none when there was nothing to repair.</summary>
/// <param name="Changes">One line per row removed or checksum re-aligned.</param>
public sealed record RepairReport(IReadOnlyList<string> Changes);

/// <summary>What <c>exec</c> reports: the statements run.</summary>
/// <param name="Statements">The number of statements run.</param>
public sealed record ExecReport(int Statements);
