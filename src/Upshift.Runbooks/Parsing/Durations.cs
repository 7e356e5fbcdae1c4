using System.Globalization;
using System.Text.RegularExpressions;

namespace Upshift.Runbooks.Parsing;

/// <summary>Durations as runbooks write them: <c>500ms</c>, <c>30s</c>, <c>10m</c>, <c>2h</c>, <c>7d</c> and sums like <c>1h30m</c>.</summary>
public static partial class Durations
{
    /// <summary>The duration <paramref name="text"/> stands for, or null when it is not one.</summary>
    public static TimeSpan? TryParse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || !Whole().IsMatch(text.Trim()))
        {
            return null;
        }

        var total = TimeSpan.Zero;
        foreach (Match part in Part().Matches(text.Trim()))
        {
            var amount = double.Parse(part.Groups["n"].Value, CultureInfo.InvariantCulture);
            total += part.Groups["u"].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(amount),
                "s" => TimeSpan.FromSeconds(amount),
                "m" => TimeSpan.FromMinutes(amount),
                "h" => TimeSpan.FromHours(amount),
                _ => TimeSpan.FromDays(amount),
            };
        }

        return total;
    }

    /// <summary>A short human form: <c>850ms</c>, <c>12.4s</c>, <c>3m05s</c>, <c>2h10m</c>, <c>7d</c>.</summary>
    public static string Format(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            span = TimeSpan.Zero;
        }

        return span.TotalSeconds < 1 ? $"{span.TotalMilliseconds:0}ms"
            : span.TotalSeconds < 60 ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.0}s")
            : span.TotalHours < 1 ? $"{(int)span.TotalMinutes}m{span.Seconds:00}s"
            : span.TotalDays < 1 ? $"{(int)span.TotalHours}h{span.Minutes:00}m"
            : $"{(int)span.TotalDays}d{(span.Hours > 0 ? $"{span.Hours}h" : string.Empty)}";
    }

    [GeneratedRegex(@"^(\d+(\.\d+)?(ms|s|m|h|d))+$", RegexOptions.CultureInvariant)]
    private static partial Regex Whole();

    [GeneratedRegex(@"(?<n>\d+(\.\d+)?)(?<u>ms|s|m|h|d)", RegexOptions.CultureInvariant)]
    private static partial Regex Part();
}
