namespace Upshift.Reporting;

/// <summary>The headline of an <see cref="UpgradeReport"/>: the most urgent thing about the database.</summary>
public enum ReportVerdict
{
    /// <summary><c>up-to-date</c>: nothing to run, nothing wrong.</summary>
    UpToDate,
    /// <summary><c>pending</c>: scripts wait to be applied.</summary>
    Pending,
    /// <summary><c>drift</c>: an applied script changed or is gone, or one was added below the current version; migrate refuses.</summary>
    Drift,
    /// <summary><c>partial</c>: a script stopped part way; the next migrate resumes it.</summary>
    Partial,
    /// <summary><c>failed</c>: the last attempt at a script failed and was rolled back.</summary>
    Failed,
}

/// <summary>The wire names of <see cref="ReportVerdict"/>.</summary>
public static class ReportVerdictNames
{
    /// <summary>The verdict's name in JSON: <c>up-to-date</c>, <c>pending</c>, <c>drift</c>, <c>partial</c> or <c>failed</c>.</summary>
    public static string ToWire(this ReportVerdict verdict) => verdict switch
    {
        ReportVerdict.UpToDate => "up-to-date",
        ReportVerdict.Pending => "pending",
        ReportVerdict.Drift => "drift",
        ReportVerdict.Partial => "partial",
        ReportVerdict.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(verdict)),
    };
}

/// <summary><see cref="ReportVerdict"/> as <c>up-to-date</c>, <c>pending</c>, ….</summary>
internal sealed class ReportVerdictConverter : WireNameConverter<ReportVerdict>
{
    protected override string Name(ReportVerdict value) => value.ToWire();
}
