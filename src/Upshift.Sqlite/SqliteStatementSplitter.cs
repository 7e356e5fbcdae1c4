using Upshift.Sql;

namespace Upshift.Sqlite;

/// <summary>
/// Splits SQLite scripts: '[...]' and backtick identifiers, non-nesting block comments, and
/// CREATE [TEMP|TEMPORARY] TRIGGER ... BEGIN ... END bodies whose inner ';' must not split.
/// </summary>
internal sealed class SqliteStatementSplitter : IStatementSplitter
{
    public static SqliteStatementSplitter Instance { get; } = new();

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
        private int _bodyStart;
        private Lead _lead;
        private bool _afterDot;

        // Where the statement's leading words stand in CREATE [TEMP|TEMPORARY] TRIGGER.
        private enum Lead
        {
            ExpectCreate,
            AfterCreate,
            AfterTemp,
            Trigger,
            Other,
        }

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
                    i = Expect(SqlLexer.SkipBlockComment(_s, i, nested: false), "block comment", i);
                }
                else if (c == ';' && !_blocks.IsOpen)
                {
                    _builder.Complete(i);
                    _lead = Lead.ExpectCreate;
                    _afterDot = false;
                    i++;
                }
                else
                {
                    _builder.MarkCode(i);
                    i = Code(i, c);
                }
            }

            if (_blocks.IsOpen)
            {
                // SQLite would only say "incomplete input" when the script runs, after the scripts before it.
                throw _builder.Unterminated("trigger body (BEGIN without END)", _bodyStart);
            }

            return _builder.Finish();
        }

        private int Code(int i, char c)
        {
            if (SqlLexer.IsIdentStart(c))
            {
                return Word(i);
            }

            if (_lead != Lead.Trigger)
            {
                _lead = Lead.Other;
            }

            _afterDot = c == '.';
            return c switch
            {
                '\'' => Expect(SqlLexer.SkipQuoted(_s, i, '\'', backslashEscapes: false), "string literal", i),
                '"' => Expect(SqlLexer.SkipQuoted(_s, i, '"', backslashEscapes: false), "quoted identifier", i),
                '`' => Expect(SqlLexer.SkipQuoted(_s, i, '`', backslashEscapes: false), "backtick identifier", i),
                '[' => Expect(SqlLexer.SkipBracketed(_s, i), "bracketed identifier", i),
                // Parameters (:end, @case, $begin) and numbers are consumed whole so they never read as keywords.
                ':' or '@' or '$' => SqlLexer.SkipWord(_s, i, dollarInside: false),
                _ when char.IsAsciiDigit(c) => SqlLexer.SkipWord(_s, i, dollarInside: false),
                _ => i + 1,
            };
        }

        private int Word(int i)
        {
            var end = SqlLexer.SkipWord(_s, i, dollarInside: false);
            var afterDot = _afterDot;
            _afterDot = false;
            _lead = _lead switch
            {
                Lead.ExpectCreate => Is(i, end, "CREATE") ? Lead.AfterCreate : Lead.Other,
                Lead.AfterCreate when Is(i, end, "TRIGGER") => Lead.Trigger,
                Lead.AfterCreate when Is(i, end, "TEMP") || Is(i, end, "TEMPORARY") => Lead.AfterTemp,
                Lead.AfterTemp when Is(i, end, "TRIGGER") => Lead.Trigger,
                Lead.Trigger => Lead.Trigger,
                _ => Lead.Other,
            };

            if (_lead == Lead.Trigger && !afterDot)
            {
                // The first BEGIN opens the trigger body; a CASE ... END in the WHEN clause stays balanced
                // at depth zero because BlockDepth ignores words outside a body.
                if (Is(i, end, "BEGIN"))
                {
                    _bodyStart = _blocks.IsOpen ? _bodyStart : i;
                    _blocks.Open();
                }
                else
                {
                    _blocks.Word(_s, i, end);
                }
            }

            return end;
        }

        private bool Is(int start, int end, string keyword) => SqlLexer.IsKeyword(_s, start, end, keyword);

        private int Expect(int end, string construct, int start) =>
            end >= 0 ? end : throw _builder.Unterminated(construct, start);
    }
}
