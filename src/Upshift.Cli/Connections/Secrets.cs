using Upshift.Diagnostics;

namespace Upshift.Cli.Connections;

/// <summary>
/// The secrets of this run (passwords from --db). Every line the CLI writes passes through
/// <see cref="Redact"/>, so a driver message that echoes a password cannot leak it.
/// </summary>
internal static class Secrets
{
    /// <summary>The redactor of this invocation: one process runs one command.</summary>
    public static Redactor Redactor { get; } = new();

    public static void Add(string? secret) => Redactor.Add(secret);

    public static string Redact(string text) => Redactor.Redact(text);
}
