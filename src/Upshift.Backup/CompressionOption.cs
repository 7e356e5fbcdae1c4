using System.Globalization;
using Upshift.Errors;

namespace Upshift.Backup;

/// <summary>How chunks are compressed: <c>none</c>, or <c>zstd[:level]</c> (levels 1 to 19; default <see cref="DefaultLevel"/>).</summary>
/// <param name="Zstd">True to compress with zstd; false stores chunks as they are.</param>
/// <param name="Level">The zstd level, 1 (fastest) to 19 (smallest); 0 without compression.</param>
public sealed record CompressionOption(bool Zstd, int Level)
{
    /// <summary>1, the fastest zstd level.</summary>
    public const int DefaultLevel = 1;

    /// <summary><c>zstd:1</c>, the default of <c>backup</c>.</summary>
    public static readonly CompressionOption Default = new(true, DefaultLevel);

    /// <summary>Chunks stored as they are.</summary>
    public static readonly CompressionOption None = new(false, 0);

    /// <summary>Reads <c>--compress</c>: <c>none</c>, <c>zstd</c> or <c>zstd:LEVEL</c>, any case; null means <see cref="Default"/>.</summary>
    /// <exception cref="UpshiftException">Any other text, or a level outside 1 to 19 (<see cref="ErrorCode.BadArguments"/>, exit 2).</exception>
    public static CompressionOption Parse(string? text)
    {
        var value = (text ?? "zstd").Trim().ToLowerInvariant();
        if (value == "none")
        {
            return None;
        }

        if (value == "zstd")
        {
            return Default;
        }

        if (value.StartsWith("zstd:", StringComparison.Ordinal)
            && int.TryParse(value.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var level)
            && level is >= 1 and <= 19)
        {
            return new CompressionOption(true, level);
        }

        throw new UpshiftException(ErrorCode.BadArguments, $"--compress '{text}' is not a compression", hint: "use none, zstd or zstd:LEVEL with LEVEL from 1 (fastest) to 19 (smallest)");
    }

    /// <summary>The form <see cref="Parse"/> reads and manifests record: <c>none</c> or <c>zstd:LEVEL</c>.</summary>
    public override string ToString() => Zstd ? $"zstd:{Level.ToString(CultureInfo.InvariantCulture)}" : "none";
}
