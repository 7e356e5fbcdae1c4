using System.Data.Common;
using Upshift.Copy.Planning;

namespace Upshift.Copy.Execution;

/// <summary>
/// One table's copy made concrete for both engines: the source SELECT in key order, the converters to the target's
/// types, the positions of the key, the quoted target. Built once per table, shared by the copy and the comparison.
/// </summary>
internal sealed class TableShape
{
    private readonly Func<object?, object?>[] _converters;
    private readonly IReadOnlyDictionary<string, string>?[] _terminology;
    private readonly Func<object?, object?>[] _sourceKeyConverters;

    public TableShape(TablePlan plan, CopySides sides)
    {
        Plan = plan;
        var source = sides.SourceCopy;
        var target = sides.TargetCopy;
        TargetName = target.Quote(plan.Target.Name);
        TargetColumns = plan.Columns.Select(c => c.Target).ToList();
        _converters = plan.Columns.Select(c => target.ConverterFor(c.Target)).ToArray();
        _terminology = plan.Columns.Select(c => c.Terminology).ToArray();
        KeyPositions = plan.Key.Select(k => plan.Columns.ToList().FindIndex(c => c.SourceColumn is { } s && string.Equals(s.Name, k.Source.Name, StringComparison.OrdinalIgnoreCase))).ToArray();
        _sourceKeyConverters = plan.Key.Select(k => source.ConverterFor(k.Source)).ToArray();
        var select = string.Join(", ", plan.Columns.Select(c => c.SourceColumn is { } s ? source.Quote(s.Name) : "(" + c.ComputedSql + ")"));
        SourceOrder = plan.Key.Select(k => source.OrderBy(source.Quote(k.Source.Name), k.Source)).ToList();
        SourceSelect = $"SELECT {select} FROM {source.Quote(plan.Source.Name)}";
        var targetOrder = plan.Key.Select(k => target.OrderBy(target.Quote(k.Target.Name), k.Target)).ToList();
        TargetSelect = $"SELECT {string.Join(", ", TargetColumns.Select(c => target.Quote(c.Name)))} FROM {TargetName}"
            + (targetOrder.Count > 0 ? " ORDER BY " + string.Join(", ", targetOrder) : string.Empty);
        KeyTargetNames = plan.Key.Select(k => target.Quote(k.Target.Name)).ToList();
    }

    public TablePlan Plan { get; }

    public string TargetName { get; }

    public IReadOnlyList<CopyColumn> TargetColumns { get; }

    /// <summary>Positions in a row of the key's columns; empty when the table has no key.</summary>
    public int[] KeyPositions { get; }

    public bool HasKey => KeyPositions.Length > 0;

    public IReadOnlyList<string> KeyTargetNames { get; }

    public IReadOnlyList<string> SourceOrder { get; }

    public string SourceSelect { get; }

    public string TargetSelect { get; }

    /// <summary>The source rows in key order, after <paramref name="lastKey"/> (the source's key values as text) when given.</summary>
    public DbCommand SourceCommand(DbConnection connection, IReadOnlyList<string>? lastKey)
    {
        var command = connection.CreateCommand();
        var conditions = new List<string>();
        if (Plan.Where is { } where)
        {
            conditions.Add("(" + where + ")");
        }

        if (lastKey is not null && HasKey)
        {
            var names = lastKey.Select((_, i) => "@k" + i).ToList();
            conditions.Add(names.Count == 1 ? $"{SourceOrder[0]} > {names[0]}" : $"({string.Join(", ", SourceOrder)}) > ({string.Join(", ", names)})");
            for (var i = 0; i < lastKey.Count; i++)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = names[i];
                parameter.Value = _sourceKeyConverters[i](lastKey[i]) ?? DBNull.Value;
                command.Parameters.Add(parameter);
            }
        }

        command.CommandText = SourceSelect
            + (conditions.Count > 0 ? " WHERE " + string.Join(" AND ", conditions) : string.Empty)
            + (HasKey ? " ORDER BY " + string.Join(", ", SourceOrder) : string.Empty);
        return command;
    }

    /// <summary>A source row as the target gets it: terminology replaced, then converted to the target column's type.</summary>
    public void Convert(DbDataReader reader, object?[] raw, object?[] converted)
    {
        for (var i = 0; i < converted.Length; i++)
        {
            var value = reader.IsDBNull(i) ? null : reader.GetValue(i);
            raw[i] = value;
            if (_terminology[i] is { } terms && value is string text && terms.TryGetValue(text, out var replaced))
            {
                value = replaced;
            }

            try
            {
                converted[i] = _converters[i](value);
            }
            catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException)
            {
                throw new Errors.UpshiftException(
                    Errors.ErrorCode.ExecutionFailed,
                    $"{Plan.Source.Name}.{Describe(i)}: the value '{value}' does not fit {Plan.Target.Name}.{TargetColumns[i].Name} ({TargetColumns[i].DataType}): {e.Message}",
                    hint: "map the column with computed: (SQL on the source row) or leave it out with drop:",
                    inner: e);
            }
        }
    }

    /// <summary>The source's key values of <paramref name="raw"/> as text, to resume after.</summary>
    public IReadOnlyList<string> SourceKey(object?[] raw) => KeyPositions.Select(p => CopyValues.ToText(raw[p]!)).ToList();

    private string Describe(int position) => Plan.Columns[position].SourceColumn?.Name ?? $"({Plan.Columns[position].ComputedSql})";
}
