using System.Data.Common;
using System.Threading.Channels;
using Upshift.Copy.Execution;

namespace Upshift.Copy.Verification;

/// <summary>
/// One side of a comparison: its rows in key order as (key, hash), with the running count and hash sum. The rows are
/// read, converted and hashed on a thread of their own, a few batches ahead of the merge, so that both sides' reads
/// overlap instead of taking turns on one thread.
/// </summary>
internal sealed class VerifiedSide : IAsyncDisposable
{
    private const int BatchRows = 1024;

    private readonly TableShape _shape;
    private readonly Channel<Entry[]> _batches = Channel.CreateBounded<Entry[]>(new BoundedChannelOptions(4) { SingleReader = true, SingleWriter = true });
    private readonly CancellationTokenSource _stop;
    private readonly Task _reading;
    private Entry[] _batch = [];
    private int _next;
    private object?[]? _previousKey;

    public VerifiedSide(TableShape shape, DbDataReader reader, bool converting, CancellationToken cancellationToken)
    {
        _shape = shape;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _reading = Task.Run(() => ReadAllAsync(reader, converting, _stop.Token), CancellationToken.None);
    }

    public object?[] Key { get; private set; } = [];

    /// <summary>The current row's key as messages and the skipped keys show it; made only when asked for (a difference).</summary>
    public string KeyText => RowCanon.KeyText(Key.Select(RowCanon.Value));

    public ulong RowHash { get; private set; }

    public long Count { get; private set; }

    public ulong Sum { get; private set; }

    public bool OutOfOrder { get; private set; }

    public async Task<bool> NextAsync(CancellationToken cancellationToken)
    {
        while (_next == _batch.Length)
        {
            if (!await _batches.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                await _reading.ConfigureAwait(false);   // a failed read surfaces here, with its own exception
                return false;
            }

            if (_batches.Reader.TryRead(out var batch))
            {
                (_batch, _next) = (batch, 0);
            }
        }

        var entry = _batch[_next++];
        RowHash = entry.Hash;
        Count++;
        Sum = unchecked(Sum + RowHash);
        if (_shape.HasKey)
        {
            Key = entry.Key;
            OutOfOrder |= _previousKey is not null && KeyOrder.Compare(_previousKey, Key) >= 0;
            _previousKey = Key;
        }

        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _reading.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Reported by NextAsync when the comparison got that far; after an earlier failure, that one counts.
        }

        _stop.Dispose();
    }

    private async Task ReadAllAsync(DbDataReader reader, bool converting, CancellationToken cancellationToken)
    {
        try
        {
            var width = _shape.TargetColumns.Count;
            var raw = new object?[width];
            var values = new object?[width];
            var hasher = new RowHasher();
            var keys = _shape.KeyPositions;
            var batch = new List<Entry>(BatchRows);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (converting)
                {
                    _shape.Convert(reader, raw, values);
                }
                else
                {
                    for (var i = 0; i < width; i++)
                    {
                        values[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                    }
                }

                var key = keys.Length == 0 ? [] : new object?[keys.Length];
                for (var k = 0; k < keys.Length; k++)
                {
                    key[k] = values[keys[k]];
                }

                batch.Add(new Entry(key, hasher.Hash(values)));
                if (batch.Count == BatchRows)
                {
                    await _batches.Writer.WriteAsync(batch.ToArray(), cancellationToken).ConfigureAwait(false);
                    batch.Clear();
                }
            }

            if (batch.Count > 0)
            {
                await _batches.Writer.WriteAsync(batch.ToArray(), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _batches.Writer.TryComplete();
        }
    }

    private readonly record struct Entry(object?[] Key, ulong Hash);
}
