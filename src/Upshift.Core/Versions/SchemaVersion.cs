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

    /// <summary>Parses numeric parts separated by '.' or '_' (surrounding white space ignored).</summary>
    /// <exception cref="FormatException"><paramref name="text"/> is not a version.</exception>
    public static SchemaVersion Parse(string text) =>
        TryParse(text, out var version) ? version : throw new FormatException($"'{text}' is not a version: expected numbers separated by '.' or '_'");

    /// <summary>Like <see cref="Parse"/>, but false instead of an exception for null, empty or malformed text.</summary>
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

    /// <summary>Compares part by part by numeric value, missing parts being zero; any version is greater than null.</summary>
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

    /// <summary>True when the versions have the same value, whatever their spelling (<c>1.2</c>, <c>1_2</c>, <c>1.02.0</c>).</summary>
    public bool Equals(SchemaVersion? other) => other is not null && CompareTo(other) == 0;

    /// <inheritdoc cref="Equals(SchemaVersion?)"/>
    public override bool Equals(object? obj) => obj is SchemaVersion other && Equals(other);

    /// <summary>A hash of the value, so that equal versions spelled differently hash alike.</summary>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var part in _parts)
        {
            hash.Add(part, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }

    /// <summary>The version as written (<see cref="Text"/>), not the canonical form.</summary>
    public override string ToString() => Text;

    /// <summary>The canonical form: parts without leading zeros joined by '.'.</summary>
    public string Canonical => string.Join('.', _parts);

    /// <summary>Equal by value; two nulls are equal.</summary>
    public static bool operator ==(SchemaVersion? left, SchemaVersion? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Different by value, or exactly one of them null.</summary>
    public static bool operator !=(SchemaVersion? left, SchemaVersion? right) => !(left == right);

    /// <summary>Compares by value; null sorts below every version.</summary>
    public static bool operator <(SchemaVersion? left, SchemaVersion? right) => Compare(left, right) < 0;

    /// <inheritdoc cref="op_LessThan"/>
    public static bool operator >(SchemaVersion? left, SchemaVersion? right) => Compare(left, right) > 0;

    /// <inheritdoc cref="op_LessThan"/>
    public static bool operator <=(SchemaVersion? left, SchemaVersion? right) => Compare(left, right) <= 0;

    /// <inheritdoc cref="op_LessThan"/>
    public static bool operator >=(SchemaVersion? left, SchemaVersion? right) => Compare(left, right) >= 0;

    private static int Compare(SchemaVersion? left, SchemaVersion? right) =>
        left is null ? (right is null ? 0 : -1) : left.CompareTo(right);

    internal static string Describe(SchemaVersion? version) => version?.Text ?? "none";
}
