using System.Globalization;

namespace Upshift.Bench;

/// <summary>Median, minimum and maximum of a few timed runs, in milliseconds.</summary>
internal sealed record Stats(double Median, double Min, double Max, int Runs)
{
    public static Stats Of(IReadOnlyList<double> milliseconds)
    {
        if (milliseconds.Count == 0)
        {
            throw new ArgumentException("no runs", nameof(milliseconds));
        }

        var sorted = milliseconds.Order().ToArray();
        var middle = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return new Stats(median, sorted[0], sorted[^1], sorted.Length);
    }

    public static string Format(double milliseconds) => milliseconds switch
    {
        >= 10_000 => (milliseconds / 1000).ToString("0.0", CultureInfo.InvariantCulture) + " s",
        >= 1_000 => (milliseconds / 1000).ToString("0.00", CultureInfo.InvariantCulture) + " s",
        >= 100 => milliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms",
        >= 10 => milliseconds.ToString("0.0", CultureInfo.InvariantCulture) + " ms",
        _ => milliseconds.ToString("0.00", CultureInfo.InvariantCulture) + " ms",
    };
}
