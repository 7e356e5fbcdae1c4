using System.Data.Common;
using System.Threading.Channels;
using Upshift.Copy.Verification;

namespace Upshift.Copy.Execution;

/// <summary>One chunk of converted source rows, with the raw values of its last row (the key to resume after).</summary>
internal sealed record SourceChunk(List<object?[]> Rows, object?[]? LastRaw, long Bytes);

/// <summary>
/// Reads and converts the source's rows one chunk ahead of the writer: while the target loads and commits a chunk,
/// the next one is read on another thread, so the source's and the target's round trips overlap instead of adding up.
/// At most one chunk waits; the last chunk is short or empty.
/// </summary>
internal sealed class ChunkReader : IAsyncDisposable
{
    private readonly Channel<SourceChunk> _chunks = Channel.CreateBounded<SourceChunk>(new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
    private readonly CancellationTokenSource _stop;
    private readonly Task _reading;
    private bool _ended;

    public ChunkReader(TableShape shape, DbDataReader reader, int chunkRows, CancellationToken cancellationToken)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _reading = Task.Run(() => ReadAllAsync(shape, reader, chunkRows, _stop.Token), CancellationToken.None);
    }

    /// <summary>The next chunk; an empty one after the last.</summary>
    public async Task<SourceChunk> NextAsync()
    {
        if (!_ended && await _chunks.Reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false) && _chunks.Reader.TryRead(out var chunk))
        {
            return chunk;
        }

        _ended = true;
        await _reading.ConfigureAwait(false);   // a failed read surfaces here, with its own exception
        return new SourceChunk([], null, 0);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _reading.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped early (the writer failed): the writer's exception is the one that counts.
        }
        catch (Exception) when (!_ended)
        {
            // Likewise: a read failure after the writer gave up is not reported over the writer's.
        }

        _stop.Dispose();
    }

    private async Task ReadAllAsync(TableShape shape, DbDataReader reader, int chunkRows, CancellationToken cancellationToken)
    {
        try
        {
            var width = shape.TargetColumns.Count;
            while (true)
            {
                var rows = new List<object?[]>(Math.Min(chunkRows, 4096));
                object?[]? raw = null;
                long bytes = 0;
                var end = false;
                while (rows.Count < chunkRows)
                {
                    if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        end = true;
                        break;
                    }

                    raw = new object?[width];
                    var converted = new object?[width];
                    shape.Convert(reader, raw, converted);
                    foreach (var value in converted)
                    {
                        bytes += RowCanon.ApproximateBytes(value);
                    }

                    rows.Add(converted);
                }

                if (rows.Count > 0)
                {
                    await _chunks.Writer.WriteAsync(new SourceChunk(rows, raw, bytes), cancellationToken).ConfigureAwait(false);
                }

                if (end)
                {
                    return;
                }
            }
        }
        finally
        {
            _chunks.Writer.TryComplete();
        }
    }
}
