using System.Globalization;
using System.Net;
using System.Text;
using Upshift.Diagnostics;

namespace Upshift.Cli.Report;

/// <summary>
/// The page being written. Every text goes through <see cref="Text"/>: secrets masked first, then HTML-escaped, so a
/// script or an error holding <c>&lt;script&gt;</c> shows as text and a password cannot reach the page.
/// </summary>
internal sealed class HtmlText(Redactor redactor)
{
    private readonly StringBuilder _html = new();

    /// <summary>Markup written as is: only ever literals of the writer, never data.</summary>
    public HtmlText Raw(string markup)
    {
        _html.Append(markup);
        return this;
    }

    /// <summary>Data, masked and escaped; null as an en dash.</summary>
    public HtmlText Text(string? text)
    {
        _html.Append(Escape(text is null ? "–" : redactor.Redact(text)));
        return this;
    }

    /// <summary>An element holding escaped text, e.g. <c>Element("td", "mono", script)</c>.</summary>
    public HtmlText Element(string tag, string? cssClass, string? text) =>
        Raw(cssClass is null ? $"<{tag}>" : $"<{tag} class=\"{cssClass}\">").Text(text).Raw($"</{tag}>");

    /// <summary>A value for an attribute: masked, escaped, quotes included.</summary>
    public string Attribute(string text) => Escape(redactor.Redact(text));

    public override string ToString() => _html.ToString();

    public static string Escape(string text) => WebUtility.HtmlEncode(text);

    public static string Time(DateTime? time) =>
        time is { } value ? value.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC" : "–";

    /// <summary>A time the runbook ledger wrote (ISO 8601, UTC) as the other times read; text that is no time as it is.</summary>
    public static string Time(string? iso) =>
        iso is null ? "–"
        : DateTime.TryParse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time) ? Time(time)
        : iso;

    /// <summary>A duration as people read it: 85 ms, 2.4 s, 3 min 05 s, 1 h 02 min.</summary>
    public static string Duration(long milliseconds) => milliseconds switch
    {
        < 1000 => $"{milliseconds} ms",
        < 60_000 => (milliseconds / 1000.0).ToString("0.0", CultureInfo.InvariantCulture) + " s",
        < 3_600_000 => $"{milliseconds / 60_000} min {milliseconds / 1000 % 60:00} s",
        _ => $"{milliseconds / 3_600_000} h {milliseconds / 60_000 % 60:00} min",
    };

    /// <summary>A byte count as people read it: 512 B, 1.5 KiB, 20.0 MiB.</summary>
    public static string Size(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0 ? $"{bytes} B" : value.ToString("0.0", CultureInfo.InvariantCulture) + " " + units[unit];
    }

    public static string Count(long value) => value.ToString("#,0", CultureInfo.InvariantCulture);
}
