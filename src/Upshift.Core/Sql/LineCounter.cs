namespace Upshift.Sql;

/// <summary>
/// Maps offsets to 1-based line numbers. Splitters ask for offsets in increasing order, so the counter
/// only walks forward and the whole script costs one pass; \r\n counts as one line break, lone \r as one.
/// </summary>
internal sealed class LineCounter(string script)
{
    private readonly string _script = script;
    private int _offset;
    private int _line = 1;

    public int LineAt(int offset)
    {
        if (offset < _offset)
        {
            // Not expected from the splitters, but stay correct rather than fast if it ever happens.
            _offset = 0;
            _line = 1;
        }

        for (; _offset < offset; _offset++)
        {
            var c = _script[_offset];
            if (c == '\n' || (c == '\r' && (_offset + 1 >= _script.Length || _script[_offset + 1] != '\n')))
            {
                _line++;
            }
        }

        return _line;
    }
}
