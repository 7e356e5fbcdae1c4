using System.Globalization;

namespace Upshift.History;

/// <summary>
/// The progress of a batched backfill as the history's <c>resume_key</c> column holds it: the last key done, the
/// end of the key range fixed when the backfill started, and the rows changed so far (<c>last|max|rows</c>).
/// The one reader and writer of that format.
/// </summary>
/// <param name="Last">The last key done; the next batch starts after it.</param>
/// <param name="Max">The highest key when the backfill started; rows added later are not backfilled.</param>
/// <param name="Rows">Rows changed so far.</param>
public sealed record BackfillProgress(long Last, long Max, long Rows)
{
    /// <summary>Reads a stored resume key; false when it is not one this version writes.</summary>
    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out BackfillProgress? progress)
    {
        progress = null;
        var parts = text?.Split('|');
        if (parts is not { Length: 3 }
            || !long.TryParse(parts[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var last)
            || !long.TryParse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var max)
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var rows))
        {
            return false;
        }

        progress = new BackfillProgress(last, max, rows);
        return true;
    }

    /// <summary>The stored form.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Last}|{Max}|{Rows}");
}
