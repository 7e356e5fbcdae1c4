using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Upshift.Diagnostics;

/// <summary>Where the diagnostic observers of one database report, and what they say about it.</summary>
/// <param name="Engine">The engine, as the provider names it.</param>
/// <param name="Target">The database as users name it (the provider's target), never with a secret: it becomes a tag.</param>
public sealed record DiagnosticOptions(string Engine, string Target)
{
    /// <summary>Where log events go; by default nowhere.</summary>
    public ILogger Logger { get; init; } = NullLogger.Instance;

    /// <summary>The activity source and instruments; by default <see cref="UpshiftInstrumentation.Shared"/>.</summary>
    public UpshiftInstrumentation Instrumentation { get; init; } = UpshiftInstrumentation.Shared;

    /// <summary>
    /// Applied to free text from the run (error messages, notices) before it is logged or put on a span, e.g. a session's
    /// redactor; by default the text is kept as it is.
    /// </summary>
    public Func<string, string> Redact { get; init; } = static text => text;

    internal TagList Tags() => new() { { UpshiftDiagnostics.Tags.Engine, Engine }, { UpshiftDiagnostics.Tags.Target, Target } };
}
