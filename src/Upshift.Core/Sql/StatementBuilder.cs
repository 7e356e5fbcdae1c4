namespace Upshift.Sql;

/// <summary>
/// Collects statements while a splitter scans. Text starts at the first code character so leading
/// comments are dropped and <see cref="SqlStatement.Line"/> points at real SQL, never at a comment.
/// </summary>
internal sealed class StatementBuilder(string script)
{
    private readonly string _script = script;
    private readonly LineCounter _lines = new(script);
    private readonly List<SqlStatement> _statements = [];
    private int _codeStart = -1;

    /// <summary>True once the current statement has seen something other than whitespace and comments.</summary>
    public bool HasCode => _codeStart >= 0;

    public void MarkCode(int offset)
    {
        if (_codeStart < 0)
        {
            _codeStart = offset;
        }
    }

    /// <summary>Ends the current statement at <paramref name="end"/> (exclusive, the delimiter is not kept).</summary>
    public void Complete(int end)
    {
        if (_codeStart >= 0)
        {
            var text = _script.AsSpan(_codeStart, end - _codeStart).TrimEnd().ToString();
            _statements.Add(new SqlStatement(text, _lines.LineAt(_codeStart)));
            _codeStart = -1;
        }
    }

    public IReadOnlyList<SqlStatement> Finish()
    {
        Complete(_script.Length);
        return _statements;
    }

    public SqlSplitException Unterminated(string construct, int offset) =>
        Error($"unterminated {construct}", offset);

    public SqlSplitException Error(string problem, int offset)
    {
        var line = _lines.LineAt(offset);
        return new SqlSplitException($"{problem} starting at line {line}", line);
    }
}
