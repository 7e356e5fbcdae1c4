using MySqlConnector;
using Upshift.Backup;

namespace Upshift.MySql.Backup;

/// <summary>
/// Streams the rows of one table (or one slice of it) as <c>LOAD DATA</c> text. Every column arrives in a binary
/// result column (<see cref="ColumnRead"/>), so its bytes are copied into the row text as they are: no string per
/// value, no decoding and re-encoding of UTF-8, which was most of the client's work.
/// </summary>
internal static class TableExport
{
    public static async Task<long> RunAsync(MySqlConnection connection, BackupTable table, IReadOnlyList<ColumnRead> reads, Stream destination, IProgress<long>? rows, CancellationToken cancellationToken)
    {
        try
        {
            return await ReadAsync(connection, table, reads, destination, rows, cancellationToken).ConfigureAwait(false);
        }
        catch (MySqlException e) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("the backup was cancelled", e, cancellationToken);
        }
    }

    private static async Task<long> ReadAsync(MySqlConnection connection, BackupTable table, IReadOnlyList<ColumnRead> reads, Stream destination, IProgress<long>? rows, CancellationToken cancellationToken)
    {
        var select = reads.Count == 0 ? "1" : string.Join(", ", reads.Select(r => r.Select));
        var where = table.Slice is null ? string.Empty : " WHERE " + table.Slice;
        await using var command = new MySqlCommand($"SELECT {select} FROM {MySqlSql.Quote(table.Name)}{where}", connection) { CommandTimeout = 0 };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);

        // Rows are read without a token (registering one per row cost the client a few percent); a cancellation
        // cancels the command instead, which ends the read with an error.
        await using var cancel = cancellationToken.Register(() => command.Cancel());
        var writer = new TsvRowWriter(destination);
        var value = new byte[1 << 16];
        var reported = 0L;
        while (await reader.ReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            for (var i = 0; i < reads.Count; i++)
            {
                if (reader.IsDBNull(i))
                {
                    writer.Null();
                    continue;
                }

                // One copy when the value fits (nearly always): asking for the length first doubled the checks per value.
                var length = (int)reader.GetBytes(i, 0, value, 0, value.Length);
                if (length == value.Length)
                {
                    length = checked((int)reader.GetBytes(i, 0, null, 0, 0));
                    if (length > value.Length)
                    {
                        value = new byte[Math.Max(length, value.Length * 2)];
                        reader.GetBytes(i, 0, value, 0, length);
                    }
                }

                if (reads[i].Hex)
                {
                    writer.Hex(value.AsSpan(0, length));
                }
                else
                {
                    writer.Value(value.AsSpan(0, length));
                }
            }

            if (writer.EndRow())
            {
                await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
                rows?.Report(writer.Rows - reported);
                reported = writer.Rows;
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        rows?.Report(writer.Rows - reported);
        return writer.Rows;
    }
}
