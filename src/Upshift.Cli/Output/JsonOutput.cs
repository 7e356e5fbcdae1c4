using System.Text.Json.Serialization.Metadata;
using Upshift.Diagnostics;
using Upshift.Engine;
using Upshift.Errors;
using Upshift.Planning;
using Upshift.Reporting;

namespace Upshift.Cli.Output;

/// <summary>The one JSON document of a command on stdout, in the shape of <see cref="UpshiftJsonContext"/>.</summary>
internal static class JsonOutput
{
    private static UpshiftJsonContext Context => UpshiftJsonContext.Default;

    public static void Status(MigrationPlan plan, string target) => Write(StatusReport.From(plan, target), Context.StatusReport);

    public static void Plan(MigrationPlan plan) => Write(RunReport.FromPlan(plan), Context.RunReport);

    public static void Run(MigrationReport report, Redactor redactor) => Write(RunReport.FromRun(report, redactor), Context.RunReport);

    public static void Failure(UpshiftException error, Redactor redactor) => Write(ErrorDocument.From(error, redactor), Context.ErrorDocument);

    public static void Write<T>(T document, JsonTypeInfo<T> type)
    {
        using var stdout = Console.OpenStandardOutput();
        ReportJson.Write(stdout, document, type);
    }
}
