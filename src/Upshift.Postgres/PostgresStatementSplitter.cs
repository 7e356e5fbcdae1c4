using Upshift.Sql;

namespace Upshift.Postgres;

/// <summary>
/// Splits PostgreSQL scripts: nested block comments, dollar quotes ($$ and $tag$), E'...' strings with
/// backslash escapes, and SQL-standard BEGIN ATOMIC ... END function bodies. psql meta-commands are not
/// recognised.
/// </summary>
internal sealed class PostgresStatementSplitter : IStatementSplitter
{
    public static PostgresStatementSplitter Instance { get; } = new();

    public IReadOnlyList<SqlStatement> Split(string script)
    {
        ArgumentNullException.ThrowIfNull(script);
        return new Scanner(script).Run();
    }

    private sealed class Scanner(string script)
    {
        private readonly string _s = script;
        private readonly StatementBuilder _builder = new(script);
        private BlockDepth _blocks;

        // Previous token was an unquoted BEGIN, so a following ATOMIC opens a body.
        private bool _afterBegin;

        // Previous token was '.', so the next word is a qualified name part such as t.end, not a keyword.
        private bool _afterDot;

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
                else if (c == '-' && next == '-')
                {
                    i = SqlLexer.LineEnd(_s, i);
                }
                else if (c == '/' && next == '*')
                {
                    i = Expect(SqlLexer.SkipBlockComment(_s, i, nested: true), "block comment", i);
                }
                else if (c == ';' && !_blocks.IsOpen)
                {
                    _builder.Complete(i);
                    _afterBegin = _afterDot = false;
                    i++;
                }
                else
                {
                    _builder.MarkCode(i);
                    i = Code(i, c);
                }
            }

            return _builder.Finish();
        }

        private int Code(int i, char c)
        {
            var afterBegin = _afterBegin;
            _afterBegin = false;
            if (SqlLexer.IsIdentStart(c))
            {
                return Word(i, afterBegin);
            }

            _afterDot = c == '.';
            return c switch
            {
                '\'' => Expect(SqlLexer.SkipQuoted(_s, i, '\'', backslashEscapes: false), "string literal", i),
                '"' => Expect(SqlLexer.SkipQuoted(_s, i, '"', backslashEscapes: false), "quoted identifier", i),
                '$' => Dollar(i),
                // Numbers are consumed whole so that e.g. 1e5 never looks like a word.
                _ when char.IsAsciiDigit(c) => SqlLexer.SkipWord(_s, i, dollarInside: false),
                _ => i + 1,
            };
        }

        private int Word(int i, bool afterBegin)
        {
            // '$' continues an identifier in PostgreSQL, so a$b$ is a name and never opens a dollar quote.
            var end = SqlLexer.SkipWord(_s, i, dollarInside: true);
            if (end - i == 1 && (_s[i] == 'E' || _s[i] == 'e') && SqlLexer.At(_s, end) == '\'')
            {
                _afterDot = false;
                return Expect(SqlLexer.SkipQuoted(_s, end, '\'', backslashEscapes: true), "escape string literal", i);
            }

            if (!_afterDot)
            {
                if (afterBegin && SqlLexer.IsKeyword(_s, i, end, "ATOMIC"))
                {
                    _blocks.Open();
                }
                else
                {
                    _blocks.Word(_s, i, end);
                    _afterBegin = SqlLexer.IsKeyword(_s, i, end, "BEGIN");
                }
            }

            _afterDot = false;
            return end;
        }

        private int Dollar(int i)
        {
            var j = i + 1;
            if (char.IsAsciiDigit(SqlLexer.At(_s, j)))
            {
                // $1, $2 ... are positional parameters, not dollar quotes.
                return SqlLexer.SkipWord(_s, j, dollarInside: false);
            }

            if (j < _s.Length && SqlLexer.IsIdentStart(_s[j]))
            {
                j = SqlLexer.SkipWord(_s, j, dollarInside: false);
            }

            if (SqlLexer.At(_s, j) != '$')
            {
                return i + 1;
            }

            var tag = _s[i..(j + 1)];
            var close = _s.IndexOf(tag, j + 1, StringComparison.Ordinal);
            if (close < 0)
            {
                throw _builder.Unterminated($"dollar-quoted string {tag}", i);
            }

            return close + tag.Length;
        }

        private int Expect(int end, string construct, int start) =>
            end >= 0 ? end : throw _builder.Unterminated(construct, start);
    }
}
