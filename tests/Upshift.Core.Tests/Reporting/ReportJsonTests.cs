using System.Text.Json;
using Upshift.Catalog;
using Upshift.Diagnostics;
using Upshift.Engine;
using Upshift.Errors;
using Upshift.Planning;
using Upshift.Reporting;

namespace Upshift.Tests.Reporting;

/// <summary>The wire shape in process: enum names, omitted and written nulls, redaction. The CLI's documents are compared byte for byte in the SQLite tests.</summary>
public sealed class ReportJsonTests
{
    [Fact]
    public void Every_state_kind_phase_and_outcome_is_written_by_its_wire_name_and_read_back()
    {
        foreach (var state in Enum.GetValues<MigrationState>())
        {
            AssertRoundTrip(state, state.ToWire());
        }

        foreach (var kind in Enum.GetValues<ScriptKind>())
        {
            AssertRoundTrip(kind, kind.ToWire());
        }

        foreach (var phase in Enum.GetValues<MigrationPhase>())
        {
            AssertRoundTrip(phase, phase.ToString().ToLowerInvariant());
        }

        foreach (var outcome in Enum.GetValues<StepOutcome>())
        {
            AssertRoundTrip(outcome, outcome.ToString().ToLowerInvariant());
        }

        foreach (var code in Enum.GetValues<ErrorCode>())
        {
            AssertRoundTrip(code, code.ToString());
        }
    }

    [Fact]
    public void An_error_masks_the_secrets_of_its_session_in_message_and_hint_and_writes_absent_file_and_hint_as_null()
    {
        var redactor = new Redactor();
        redactor.Add("s3cret!");
        var error = new UpshiftException(ErrorCode.ExecutionFailed, "login failed for 'app' with password s3cret!", hint: "check s3cret%21 in the URL");

        var json = ReportJson.ToJson(ErrorDocument.From(error, redactor), UpshiftJsonContext.Default.ErrorDocument);

        Assert.Equal(
            """
            {
              "error": {
                "code": "ExecutionFailed",
                "exitCode": 1,
                "message": "login failed for 'app' with password ***",
                "file": null,
                "hint": "check *** in the URL"
              }
            }

            """.ReplaceLineEndings("\n"),
            json);
        Assert.Equal("null", JsonDocument.Parse(ReportJson.ToJson(ErrorDocument.From(new UpshiftException(ErrorCode.Refused, "no"), redactor), UpshiftJsonContext.Default.ErrorDocument)).RootElement.GetProperty("error").GetProperty("hint").GetRawText());
    }

    [Fact]
    public void Optional_members_are_left_out_when_absent_and_written_when_present()
    {
        var step = new StepReport("1", "V1__a.sql", ScriptKind.Versioned, StepOutcome.Planned, MigrationPhase.Expand, null, null);
        var plan = new RunReport(null, "1", null, [step], [new ProblemReport(MigrationState.Changed, "V1__a.sql", "1", "changed", null)], null);
        var text = ReportJson.ToJson(plan, UpshiftJsonContext.Default.RunReport);
        Assert.DoesNotContain("dryRun", text, StringComparison.Ordinal);
        Assert.DoesNotContain("resumeFromStatement", text, StringComparison.Ordinal);
        Assert.DoesNotContain("durationMs", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"line\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"error\"", text, StringComparison.Ordinal);
        Assert.Contains("\"from\": null", text, StringComparison.Ordinal);

        var run = plan with { DryRun = false, Steps = [step with { ResumeFromStatement = 3, DurationMs = 12 }], Problems = [plan.Problems[0] with { Line = 7 }] };
        text = ReportJson.ToJson(run, UpshiftJsonContext.Default.RunReport);
        Assert.Contains("\"dryRun\": false", text, StringComparison.Ordinal);
        Assert.Contains("\"resumeFromStatement\": 3", text, StringComparison.Ordinal);
        Assert.Contains("\"durationMs\": 12", text, StringComparison.Ordinal);
        Assert.Contains("\"line\": 7", text, StringComparison.Ordinal);
    }

    private static void AssertRoundTrip<T>(T value, string wire)
        where T : struct, Enum
    {
        var report = value switch
        {
            MigrationState state => ReportJson.ToJson(new ProblemReport(state, "s", null, "m", null), UpshiftJsonContext.Default.ProblemReport),
            ScriptKind kind => ReportJson.ToJson(new StepReport(null, "s", kind, StepOutcome.Planned, MigrationPhase.Expand, null, null), UpshiftJsonContext.Default.StepReport),
            MigrationPhase phase => ReportJson.ToJson(new StepReport(null, "s", ScriptKind.Versioned, StepOutcome.Planned, phase, null, null), UpshiftJsonContext.Default.StepReport),
            StepOutcome outcome => ReportJson.ToJson(new StepReport(null, "s", ScriptKind.Versioned, outcome, MigrationPhase.Expand, null, null), UpshiftJsonContext.Default.StepReport),
            ErrorCode code => ReportJson.ToJson(new ErrorReport(code, 1, "m", null, null, null), UpshiftJsonContext.Default.ErrorReport),
            _ => throw new ArgumentOutOfRangeException(nameof(value)),
        };
        Assert.Contains($"\": \"{wire}\"", report, StringComparison.Ordinal);

        object read = value switch
        {
            MigrationState => JsonSerializer.Deserialize(report, UpshiftJsonContext.Default.ProblemReport)!.State,
            ScriptKind => JsonSerializer.Deserialize(report, UpshiftJsonContext.Default.StepReport)!.Kind,
            MigrationPhase => JsonSerializer.Deserialize(report, UpshiftJsonContext.Default.StepReport)!.Phase,
            StepOutcome => JsonSerializer.Deserialize(report, UpshiftJsonContext.Default.StepReport)!.Status,
            _ => JsonSerializer.Deserialize(report, UpshiftJsonContext.Default.ErrorReport)!.Code,
        };
        Assert.Equal(value, read);
    }
}
