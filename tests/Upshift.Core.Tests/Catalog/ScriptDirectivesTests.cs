using Upshift.Catalog;
using Upshift.Errors;

namespace Upshift.Tests.Catalog;

public sealed class ScriptDirectivesTests
{
    [Theory]
    [InlineData("-- upshift:phase expand\nSELECT 1;", MigrationPhase.Expand)]
    [InlineData("-- upshift:phase Backfill\nSELECT 1;", MigrationPhase.Backfill)]
    [InlineData("-- note\n-- upshift:phase contract\nSELECT 1;", MigrationPhase.Contract)]
    [InlineData("SELECT 1;", MigrationPhase.Expand)]
    public void The_phase_header_is_read_and_defaults_to_expand(string text, MigrationPhase expected) =>
        Assert.Equal(expected, ScriptDirectives.Parse(text, "V1__x.sql").Phase);

    [Fact]
    public void The_batch_header_reads_key_size_pause_and_table()
    {
        var directives = ScriptDirectives.Parse("-- upshift:phase backfill\n-- upshift:batch key=id size=5000 pause=25 table=app.interactions\nUPDATE x SET y = 1 WHERE id > @batch_start AND id <= @batch_end;", "V2__b.sql");

        Assert.Equal(new BatchDirective("id", 5000, 25, "app.interactions", 2), directives.Batch);
        Assert.Equal(MigrationPhase.Backfill, directives.Phase);
    }

    [Theory]
    [InlineData("-- upshift:batch size=100\nSELECT 1;", 1, "needs key=COLUMN")]
    [InlineData("-- upshift:batch key=id\nSELECT 1;", 1, "needs key=COLUMN and size=ROWS")]
    [InlineData("-- upshift:batch key=id size=0\nSELECT 1;", 1, "bad batch argument 'size=0'")]
    [InlineData("-- upshift:batch key=id size=10 speed=fast\nSELECT 1;", 1, "bad batch argument 'speed=fast'")]
    [InlineData("\n-- upshift:phase 2\nSELECT 1;", 2, "malformed directive 'upshift:phase 2'")]
    [InlineData("-- upshift:no-transaction\n-- upshift:batch key=id size=10\nSELECT 1;", 2, "drop 'upshift:no-transaction'")]
    [InlineData("-- upshift:batch key=id size=10\n-- upshift:no-split\nSELECT 1;", 1, "drop 'upshift:no-split'")]
    [InlineData("-- upshift:no-split all\nSELECT 1;", 1, "malformed directive 'upshift:no-split all'")]
    public void Malformed_headers_are_bad_input_with_the_line(string text, int line, string message)
    {
        var error = Assert.Throws<UpshiftException>(() => ScriptDirectives.Parse(text, "V9__x.sql"));

        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.Equal(line, error.Line);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_no_split_header_is_read_and_the_script_is_one_statement_from_its_first_line_of_code()
    {
        const string Text = "-- upshift:no-split\n-- why\n\nCREATE TABLE t (id int);\nCREATE PROCEDURE p() BEGIN SELECT 1; END;\n";
        Assert.True(ScriptDirectives.Parse(Text, "V1__x.sql").NoSplit);
        Assert.False(ScriptDirectives.Parse("-- upshift:no-transaction\nSELECT 1;", "V1__x.sql").NoSplit);

        var whole = Assert.Single(Upshift.Sql.SqlStatement.Whole(Text));
        Assert.Equal(4, whole.Line);
        Assert.Equal("CREATE TABLE t (id int);\nCREATE PROCEDURE p() BEGIN SELECT 1; END;", whole.Text);
        Assert.Empty(Upshift.Sql.SqlStatement.Whole("-- upshift:no-split\n-- nothing else\n"));
    }
}
