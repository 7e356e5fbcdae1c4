namespace Upshift.Sql;

/// <summary>
/// Collects statements while a splitter scans. Text starts at the first code character so leading
/// comments are dropped and <see cref="SqlStatement.Line"/> points at real SQL, never at a comment.
/// Offsets must be given in increasing order: line numbers are counted in one forward pass.
/// </summary>
public sealed class StatementBuilder(string script)
{
    private readonly string _script = script;
    private readonly LineCounter _lines = new(script);
    private readonly List<SqlStatement> _statements = [];
    private int _codeStart = -1;

    /// <summary>True once the current statement has seen something other than whitespace and comments.</summary>
    public bool HasCode => _codeStart >= 0;

    /// <summary>Code (not whitespace, not a comment) was seen at <paramref name="offset"/>; the first one starts the statement.</summary>
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

    /// <summary>Ends the last statement at the end of the script and returns them all.</summary>
    public IReadOnlyList<SqlStatement> Finish()
    {
        Complete(_script.Length);
        return _statements;
    }

    /// <summary>The error for a <paramref name="construct"/> (e.g. "string literal") opened at <paramref name="offset"/> and never closed.</summary>
    public SqlSplitException Unterminated(string construct, int offset) =>
        Error($"unterminated {construct}", offset);

    /// <summary>The error for <paramref name="problem"/> found at <paramref name="offset"/>, with its line.</summary>
    public SqlSplitException Error(string problem, int offset)
    {
        var line = _lines.LineAt(offset);
        return new SqlSplitException($"{problem} starting at line {line}", line);
    }
}
