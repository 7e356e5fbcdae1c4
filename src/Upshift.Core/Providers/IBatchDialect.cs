namespace Upshift.Providers;

/// <summary>
/// An optional provider capability (<see cref="ProviderCapabilities.Batches"/>): the engine's SQL for batched
/// backfills (<c>-- upshift:batch</c>). The core walks the key range fixed when a backfill starts, one short
/// transaction per batch; without this capability a batched script is bad input.
/// </summary>
public interface IBatchDialect
{
    /// <summary>
    /// A query returning one value: the <paramref name="key"/> of the row <paramref name="offset"/> rows after the
    /// first row of <paramref name="table"/> whose key is greater than the parameter <paramref name="last"/> and at most
    /// the parameter <paramref name="max"/>, in key order; no row when fewer rows are left (e.g.
    /// <c>... ORDER BY key LIMIT 1 OFFSET n</c>). The parameters are named as given, prefix included.
    /// </summary>
    string BatchEndQuery(string table, string key, string last, string max, int offset);
}
