using System.Text.Json;
using Upshift.Diagnostics;

namespace Upshift.Cli.Output;

/// <summary>Writes progress events as sentences (plain) or JSON lines (<c>--json</c>), secrets masked either way.</summary>
internal sealed class ProgressWriter(TextWriter output, bool json, Redactor redactor)
{
    public void Write(ProgressEvent progress)
    {
        var message = redactor.Redact(progress.Message);
        if (!json)
        {
            output.WriteLine(message);
            return;
        }

        output.WriteLine(JsonSerializer.Serialize(progress with { Message = message }, progress.GetType(), ProgressJsonContext.Default));
    }
}
