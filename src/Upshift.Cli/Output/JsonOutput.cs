using System.Text.Json.Serialization.Metadata;
using Upshift.Cli.Connections;
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

    public static void Run(MigrationReport report) => Write(RunReport.FromRun(report, Secrets.Redactor), Context.RunReport);

    public static void Failure(UpshiftException error) => Write(ErrorDocument.From(error, Secrets.Redactor), Context.ErrorDocument);

    public static void Write<T>(T document, JsonTypeInfo<T> type)
    {
        using var stdout = Console.OpenStandardOutput();
        ReportJson.Write(stdout, document, type);
    }
}
