using Upshift.Sql;

namespace Upshift.MySql;

/// <summary>
/// Splits MySQL/MariaDB scripts the way the mysql client does: '#' and "-- " comments, backslash escapes
/// in strings, executable comments (/*! ... */, /*M! ... */) kept as code, and DELIMITER lines that
/// switch the statement terminator (e.g. to $$ or //) for stored program bodies.
/// </summary>
internal sealed class MySqlStatementSplitter : IStatementSplitter
{
    public static MySqlStatementSplitter Instance { get; } = new();

    public IReadOnlyList<SqlStatement> Split(string script)
    {
        ArgumentNullException.ThrowIfNull(script);
        return new Scanner(script).Run();
    }

    private sealed class Scanner(string script)
    {
        private readonly string _s = script;
        private readonly StatementBuilder _builder = new(script);
        private string _delimiter = ";";
        private ProgramBody _body;

        public IReadOnlyList<SqlStatement> Run()
        {
            var i = 0;
            while (i < _s.Length)
            {
                var c = _s[i];
                var next = SqlLexer.At(_s, i + 1);
                if (SqlLexer.IsBlank(c))
                {
                    i++;
                }
                else if (_s.AsSpan(i).StartsWith(_delimiter, StringComparison.Ordinal))
                {
                    // Like the client, the delimiter is matched before anything else, even inside a word
                    // (END$$), but never inside strings or comments because those are skipped whole.
                    EndStatement(i);
                    i += _delimiter.Length;
                }
                else if (c == '#' || (c == '-' && next == '-' && IsCommentDashEnd(SqlLexer.At(_s, i + 2), i + 2)))
                {
                    i = SqlLexer.LineEnd(_s, i);
                }
                else if (c == '/' && next == '*')
                {
                    i = BlockComment(i);
                }
                else if (!_builder.HasCode && (c == 'D' || c == 'd') && TryDelimiterCommand(i, out var lineEnd))
                {
                    i = lineEnd;
                }
                else if (SqlLexer.IsIdentStart(c))
                {
                    _builder.MarkCode(i);
                    i = _body.Word(_s, i, WordEnd(i));
                }
                else
                {
                    _builder.MarkCode(i);
                    _body.Symbol(c);
                    i = c switch
                    {
                        '\'' => Expect(SqlLexer.SkipQuoted(_s, i, '\'', backslashEscapes: true), "string literal", i),
                        '"' => Expect(SqlLexer.SkipQuoted(_s, i, '"', backslashEscapes: true), "double-quoted string", i),
                        '`' => Expect(SqlLexer.SkipQuoted(_s, i, '`', backslashEscapes: false), "backtick identifier", i),
                        _ => i + 1,
                    };
                }
            }

            CheckBody();
            return _builder.Finish();
        }

        private void EndStatement(int end)
        {
            CheckBody();
            _builder.Complete(end);
            _body = default;
        }

        // The server would fail on a stored program whose BEGIN has no END only when the script runs, after the
        // statements before it; here it is bad input before anything runs.
        private void CheckBody()
        {
            if (_body.Open is { } begin)
            {
                var how = _delimiter == ";"
                    ? "a body with ';' inside needs a DELIMITER line before it, or the header line '-- upshift:no-split' to send the script as one batch"
                    : $"BEGIN without END before '{_delimiter}' or the end of the script";
                throw _builder.Unterminated($"stored program body ({how})", begin);
            }
        }

        // A word ends where the delimiter starts, even inside it (END$$), as the client reads it.
        private int WordEnd(int i)
        {
            var j = i + 1;
            while (j < _s.Length && (SqlLexer.IsIdentPart(_s[j]) || _s[j] == '$') && !_s.AsSpan(j).StartsWith(_delimiter, StringComparison.Ordinal))
            {
                j++;
            }

            return j;
        }

        // "--" starts a comment only when followed by whitespace or the end of the script, so 5--1 is arithmetic.
        private bool IsCommentDashEnd(char third, int thirdOffset) =>
            thirdOffset >= _s.Length || third is ' ' or '\t' or '\r' or '\n';

        private int BlockComment(int i)
        {
            var third = SqlLexer.At(_s, i + 2);
            var executable = third == '!' || (third == 'M' && SqlLexer.At(_s, i + 3) == '!');
            if (!executable)
            {
                return Expect(SqlLexer.SkipBlockComment(_s, i, nested: false), "block comment", i);
            }

            // Executable comments are code the server runs; the client never splits inside them either.
            _builder.MarkCode(i);
            return Expect(SqlLexer.SkipBlockComment(_s, i, nested: false), "executable comment", i);
        }

        /// <summary>
        /// Recognises "DELIMITER xx" when it is the only thing on its line so far and no statement is in
        /// progress; the line is consumed and is not a statement.
        /// </summary>
        private bool TryDelimiterCommand(int i, out int lineEnd)
        {
            lineEnd = i;
            const string Keyword = "DELIMITER";
            var end = i + Keyword.Length;
            if (end > _s.Length
                || !SqlLexer.IsKeyword(_s, i, end, Keyword)
                || (end < _s.Length && !SqlLexer.IsBlank(_s[end]))
                || !StartsLine(i))
            {
                return false;
            }

            lineEnd = SqlLexer.LineEnd(_s, i);
            var start = end;
            while (start < lineEnd && SqlLexer.IsBlank(_s[start]))
            {
                start++;
            }

            var stop = start;
            while (stop < lineEnd && !SqlLexer.IsBlank(_s[stop]))
            {
                stop++;
            }

            if (stop == start)
            {
                throw _builder.Error("DELIMITER without a delimiter", i);
            }

            _delimiter = _s[start..stop];
            return true;
        }

        private bool StartsLine(int i)
        {
            var j = i - 1;
            while (j >= 0 && _s[j] is ' ' or '\t')
            {
                j--;
            }

            return j < 0 || _s[j] is '\n' or '\r';
        }

        private int Expect(int end, string construct, int start) =>
            end >= 0 ? end : throw _builder.Unterminated(construct, start);
    }
}
