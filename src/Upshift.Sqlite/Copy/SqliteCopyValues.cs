using Upshift.Copy;

namespace Upshift.Sqlite.Copy;

/// <summary>
/// Values for a SQLite column by the affinity of its declared type (the rules of SQLite's "Determination of Column
/// Affinity"): whole numbers, reals, text or bytes, so that what SQLite stores and reads back is what was written.
/// </summary>
internal static class SqliteCopyValues
{
    public static Func<object?, object?> ConverterFor(CopyColumn column)
    {
        var declared = column.DriverType ?? column.DataType;
        if (declared.Contains("int", StringComparison.Ordinal))
        {
            return CopyValues.OrNull(v => v is double or float or decimal && !IsWhole(v) ? CopyValues.ToDouble(v) : CopyValues.ToInt64(v));
        }

        if (declared.Contains("char", StringComparison.Ordinal) || declared.Contains("clob", StringComparison.Ordinal) || declared.Contains("text", StringComparison.Ordinal))
        {
            return CopyValues.OrNull(v => CopyValues.ToText(v));
        }

        if (declared.Length == 0 || declared.Contains("blob", StringComparison.Ordinal))
        {
            return CopyValues.OrNull(Storable);
        }

        if (declared.Contains("real", StringComparison.Ordinal) || declared.Contains("floa", StringComparison.Ordinal) || declared.Contains("doub", StringComparison.Ordinal))
        {
            return CopyValues.OrNull(v => CopyValues.ToDouble(v));
        }

        // NUMERIC affinity (numeric, decimal, boolean, date, datetime, ...): numbers stay numbers, the rest is stored as text.
        return CopyValues.OrNull(v => v switch
        {
            bool flag => flag ? 1L : 0L,
            decimal d => IsWhole(d) ? CopyValues.ToInt64(d) : (object)(double)d,
            double or float => CopyValues.ToDouble(v),
            string or DateTime or DateTimeOffset or DateOnly or TimeSpan or TimeOnly or Guid => CopyValues.ToText(v),
            byte[] bytes => bytes,
            _ => CopyValues.ToInt64(v),
        });
    }

    private static object Storable(object value) => value switch
    {
        byte[] or string or long or double => value,
        bool flag => flag ? 1L : 0L,
        float f => (double)f,
        decimal d => IsWhole(d) ? CopyValues.ToInt64(d) : (double)d,
        int or short or byte or sbyte or ushort or uint or ulong => CopyValues.ToInt64(value),
        _ => CopyValues.ToText(value),
    };

    private static bool IsWhole(object value) => value switch
    {
        decimal d => decimal.Truncate(d) == d && d is >= long.MinValue and <= long.MaxValue,
        double f => Math.Truncate(f) == f && Math.Abs(f) < 9e15,
        float f => MathF.Truncate(f) == f && Math.Abs(f) < 9e15,
        _ => true,
    };
}
