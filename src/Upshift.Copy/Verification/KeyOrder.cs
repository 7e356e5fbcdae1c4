namespace Upshift.Copy.Verification;

/// <summary>
/// Compares keys the way the engines were asked to sort them: numbers and dates by value, everything else by the
/// byte order of its UTF-8 text (code point order), which is what a binary collation gives on every engine.
/// </summary>
internal static class KeyOrder
{
    public static int Compare(object?[] left, object?[] right)
    {
        for (var i = 0; i < left.Length; i++)
        {
            var c = Compare(left[i], right[i]);
            if (c != 0)
            {
                return c;
            }
        }

        return 0;
    }

    private static int Compare(object? left, object? right)
    {
        if (left is long a && right is long b)
        {
            return a.CompareTo(b);
        }

        if (IsNumber(left) && IsNumber(right))
        {
            return CopyValues.ToDecimal(left!).CompareTo(CopyValues.ToDecimal(right!));
        }

        if (left is DateTime l && right is DateTime r)
        {
            return l.Ticks.CompareTo(r.Ticks);
        }

        return CodePointCompare(RowCanon.Value(left), RowCanon.Value(right));
    }

    private static bool IsNumber(object? value) => value is long or int or short or byte or sbyte or decimal or double or float or ushort or uint or ulong;

    private static int CodePointCompare(string left, string right)
    {
        var a = left.EnumerateRunes();
        var b = right.EnumerateRunes();
        while (true)
        {
            var hasA = a.MoveNext();
            var hasB = b.MoveNext();
            if (!hasA || !hasB)
            {
                return hasA.CompareTo(hasB);
            }

            var c = a.Current.Value.CompareTo(b.Current.Value);
            if (c != 0)
            {
                return c;
            }
        }
    }
}
