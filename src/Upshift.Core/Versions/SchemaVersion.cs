namespace Upshift.Versions;

/// <summary>
/// A multi-part numeric version such as <c>8.1.100.29</c> or <c>1_2</c>. Parts compare numerically, by
/// value and without overflow (timestamp versions exceed any machine integer); missing parts are zero,
/// so <c>1.2 == 1.2.0 == 1_2</c>. <see cref="Text"/> keeps the spelling of the file name.
/// </summary>
public sealed class SchemaVersion : IComparable<SchemaVersion>, IEquatable<SchemaVersion>
{
    // Parts without leading zeros, trailing zero parts removed: the canonical value.
    private readonly string[] _parts;

    private SchemaVersion(string text, string[] parts)
    {
        Text = text;
        _parts = parts;
    }

    /// <summary>The version exactly as written.</summary>
    public string Text { get; }

    public static SchemaVersion Parse(string text) =>
        TryParse(text, out var version) ? version : throw new FormatException($"'{text}' is not a version: expected numbers separated by '.' or '_'");

    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SchemaVersion? version)
    {
        version = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        // One pass to validate and count, one to cut: both the catalog and the history parse every version on
        // every run, so this avoids the intermediate arrays and lists of a split.
        var trimmed = text.Trim();
        var count = 1;
        foreach (var c in trimmed)
        {
            if (c is '.' or '_')
            {
                count++;
            }
            else if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        var parts = new string[count];
        var start = 0;
        for (var i = 0; i < count; i++)
        {
            var end = trimmed.AsSpan(start).IndexOfAny('.', '_');
            var part = end < 0 ? trimmed.AsSpan(start) : trimmed.AsSpan(start, end);
            if (part.IsEmpty)
            {
                return false;
            }

            var significant = part.TrimStart('0');
            parts[i] = significant.IsEmpty ? "0" : significant.Length == trimmed.Length ? trimmed : significant.ToString();
            start += part.Length + 1;
        }

        var length = count;
        while (length > 1 && parts[length - 1] == "0")
        {
            length--;
        }

        version = new SchemaVersion(trimmed, length == count ? parts : parts[..length]);
        return true;
    }

    public int CompareTo(SchemaVersion? other)
    {
        if (other is null)
        {
            return 1;
        }

        var count = Math.Max(_parts.Length, other._parts.Length);
        for (var i = 0; i < count; i++)
        {
            var mine = i < _parts.Length ? _parts[i] : "0";
            var theirs = i < other._parts.Length ? other._parts[i] : "0";
            // Without leading zeros, a longer digit string is a larger number.
            var byLength = mine.Length.CompareTo(theirs.Length);
            if (byLength != 0)
            {
                return byLength;
            }

            var byDigits = string.CompareOrdinal(mine, theirs);
            if (byDigits != 0)
            {
                return Math.Sign(byDigits);
            }
        }

        return 0;
    }

    public bool Equals(SchemaVersion? other) => other is not null && CompareTo(other) == 0;

    public override bool Equals(object? obj) => obj is SchemaVersion other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var part in _parts)
        {
            hash.Add(part, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }

    public override string ToString() => Text;

    /// <summary>The canonical form: parts without leading zeros joined by '.'.</summary>
    public string Canonical => string.Join('.', _parts);

    public static bool operator ==(SchemaVersion? left, SchemaVersion? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(SchemaVersion? left, SchemaVersion? right) => !(left == right);

    public static bool operator <(SchemaVersion? left, SchemaVersion? right) => Compare(left, right) < 0;

    public static bool operator >(SchemaVersion? left, SchemaVersion? right) => Compare(left, right) > 0;

    public static bool operator <=(SchemaVersion? left, SchemaVersion? right) => Compare(left, right) <= 0;

    public static bool operator >=(SchemaVersion? left, SchemaVersion? right) => Compare(left, right) >= 0;

    private static int Compare(SchemaVersion? left, SchemaVersion? right) =>
        left is null ? (right is null ? 0 : -1) : left.CompareTo(right);

    internal static string Describe(SchemaVersion? version) => version?.Text ?? "none";
}
