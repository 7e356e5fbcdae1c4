namespace Upshift.Diagnostics;

/// <summary>
/// The secrets of one session or CLI invocation (passwords from connection addresses). Every line written for
/// people or programs passes through <see cref="Redact"/>, so a driver message that echoes a password cannot leak
/// it. One instance per session: sessions of other databases in the same process have other secrets.
/// Thread-safe: parallel work of one session may add and redact at once.
/// </summary>
public sealed class Redactor
{
    /// <summary>The text that replaces a secret.</summary>
    public const string Mask = "***";

    // Shorter strings would mask ordinary words and numbers all over the output and protect nothing.
    private const int MinimumLength = 3;

    private readonly Lock _gate = new();

    // Longest first, so that a secret containing another one is masked whole. Replaced, never changed in place:
    // Redact reads it without taking the lock.
    private string[] _secrets = [];

    /// <summary>Registers a secret, and its URL-escaped form (as it appears inside a URL); shorter than 3 characters is ignored.</summary>
    public void Add(string? secret)
    {
        if (string.IsNullOrEmpty(secret) || secret.Length < MinimumLength)
        {
            return;
        }

        lock (_gate)
        {
            _secrets = [.. _secrets.Union([secret, Uri.EscapeDataString(secret)], StringComparer.Ordinal).OrderByDescending(s => s.Length)];
        }
    }

    /// <summary>The text with every registered secret replaced by <see cref="Mask"/>.</summary>
    public string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var secret in Volatile.Read(ref _secrets))
        {
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }

        return text;
    }
}
