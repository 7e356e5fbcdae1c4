using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Upshift.Errors;

namespace Upshift.Fleets;

/// <summary>
/// One of <see cref="Count"/> machines' share of a fleet, numbered from 0 as Kubernetes numbers the pods of an indexed
/// Job. A target belongs to the shard that scores highest for its name (rendezvous hashing): every machine decides
/// alone and the same way, so each target runs in exactly one shard; adding a target moves no other, and going from n
/// to n + 1 shards moves only the targets the new shard now wins, about 1 in n + 1.
/// </summary>
public sealed record FleetShard(int Index, int Count)
{
    /// <summary>The whole fleet in one shard.</summary>
    public static FleetShard All { get; } = new(0, 1);

    /// <summary>
    /// Reads <c>--shard i/n</c>, or <c>--shard auto</c> with <paramref name="count"/> from <c>--shards</c> and the index
    /// from <c>JOB_COMPLETION_INDEX</c>. Anything else is bad input (exit 2).
    /// </summary>
    public static FleetShard Parse(string text, int? count = null, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text == "auto")
        {
            var index = (environment ?? Environment.GetEnvironmentVariable)("JOB_COMPLETION_INDEX");
            if (count is not > 0)
            {
                throw new UpshiftException(ErrorCode.BadArguments, "--shard auto needs --shards N, the number of shards", hint: "pass --shards with the Job's completions");
            }

            return int.TryParse(index, out var i) && i >= 0 && i < count
                ? new FleetShard(i, count.Value)
                : throw new UpshiftException(ErrorCode.BadArguments, index is null ? "--shard auto needs JOB_COMPLETION_INDEX, which an indexed Job sets" : $"JOB_COMPLETION_INDEX '{index}' is not a shard of {count}", hint: "run as a Kubernetes indexed Job, or pass --shard i/n");
        }

        var parts = text.Split('/');
        return parts.Length == 2 && int.TryParse(parts[0], out var at) && int.TryParse(parts[1], out var of) && at >= 0 && at < of && (count is null || count == of)
            ? new FleetShard(at, of)
            : throw new UpshiftException(ErrorCode.BadArguments, $"--shard '{text}' is not a shard", hint: "use --shard i/n with 0 <= i < n (numbered from 0), or --shard auto --shards n");
    }

    /// <summary>True when <paramref name="name"/> belongs to this shard.</summary>
    public bool Owns(string name) => Count == 1 || ShardOf(name, Count) == Index;

    /// <summary>The shard of <paramref name="name"/> among <paramref name="count"/>.</summary>
    public static int ShardOf(string name, int count)
    {
        ArgumentNullException.ThrowIfNull(name);
        var best = 0;
        ulong bestScore = 0;
        Span<byte> hash = stackalloc byte[32];
        var input = new byte[4 + Encoding.UTF8.GetByteCount(name)];
        Encoding.UTF8.GetBytes(name, input.AsSpan(4));
        for (var shard = 0; shard < count; shard++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(input, shard);
            SHA256.HashData(input, hash);
            var score = BinaryPrimitives.ReadUInt64LittleEndian(hash);
            if (shard == 0 || score > bestScore)
            {
                (best, bestScore) = (shard, score);
            }
        }

        return best;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Index}/{Count}";
}
