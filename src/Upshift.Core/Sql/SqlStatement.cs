namespace Upshift.Sql;

/// <summary>One statement of a script, with the 1-based line of the script on which it starts.</summary>
/// <param name="Text">The statement text without its terminating delimiter.</param>
/// <param name="Line">The 1-based line in the script where the statement's first non-blank character is.</param>
public sealed record SqlStatement(string Text, int Line)
{
    /// <summary>
    /// The whole script as one statement (the <c>upshift:no-split</c> directive), starting at its first line that is
    /// neither blank nor a <c>--</c> comment; none when there is no such line.
    /// </summary>
    internal static IReadOnlyList<SqlStatement> Whole(string script)
    {
        var line = 1;
        for (var start = 0; ; line++)
        {
            var end = script.IndexOf('\n', start);
            var trimmed = script.AsSpan(start, (end < 0 ? script.Length : end) - start).Trim();
            if (!trimmed.IsEmpty && !trimmed.StartsWith("--"))
            {
                return [new SqlStatement(script[start..].Trim(), line)];
            }

            if (end < 0)
            {
                return [];
            }

            start = end + 1;
        }
    }
}
