using Upshift.Sql;

namespace Upshift.Tests.Sql;

internal static class SplitAssert
{
    /// <summary>Asserts the exact statements, in order: count, text and line of each.</summary>
    public static void Statements(IReadOnlyList<SqlStatement> actual, params (string Text, int Line)[] expected)
    {
        Assert.Equal(expected.Select(e => new SqlStatement(e.Text, e.Line)), actual);
    }

    /// <summary>Asserts that splitting throws, at the given line, with a one-line message containing each fragment.</summary>
    public static SqlSplitException Throws(IStatementSplitter splitter, string script, int line, params string[] messageParts)
    {
        var ex = Assert.Throws<SqlSplitException>(() => splitter.Split(script));
        Assert.Equal(line, ex.Line);
        Assert.DoesNotContain('\n', ex.Message);
        Assert.Contains($"line {line}", ex.Message, StringComparison.Ordinal);
        foreach (var part in messageParts)
        {
            Assert.Contains(part, ex.Message, StringComparison.Ordinal);
        }

        return ex;
    }
}
