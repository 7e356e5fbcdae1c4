namespace Upshift.Copy.Planning;

/// <summary>Which source tables a copy takes.</summary>
/// <param name="Only">Source tables named by <c>--only</c>; empty: every table.</param>
/// <param name="Except">Source tables named by <c>--except</c>, left out.</param>
/// <param name="Ignored">Upshift's bookkeeping tables (history, copy progress...): never copied, skipped on both sides.</param>
internal sealed record CopySelection(IReadOnlyList<string> Only, IReadOnlyList<string> Except, IReadOnlyList<string> Ignored)
{
    public static CopySelection All { get; } = new([], [], []);
}
