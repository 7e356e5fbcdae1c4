namespace Upshift.Cli.Connections;

/// <summary>
/// The secrets of this run (passwords from --db). Every line the CLI writes passes through
/// <see cref="Redact"/>, so a driver message that echoes a password cannot leak it.
/// </summary>
internal static class Secrets
{
    private static readonly List<string> Known = [];

    public static void Add(string? secret)
    {
        if (!string.IsNullOrEmpty(secret) && secret.Length >= 3)
        {
            lock (Known)
            {
                Known.Add(secret);
                Known.Add(Uri.EscapeDataString(secret));
            }
        }
    }

    public static string Redact(string text)
    {
        lock (Known)
        {
            foreach (var secret in Known)
            {
                text = text.Replace(secret, "***", StringComparison.Ordinal);
            }
        }

        return text;
    }
}
