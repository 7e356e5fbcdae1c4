namespace Upshift.Errors;

/// <summary>Shapes driver and server messages for the contract's one-line errors.</summary>
public static class Messages
{
    /// <summary>The message on one line: servers (and some drivers) put details on following lines.</summary>
    public static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
