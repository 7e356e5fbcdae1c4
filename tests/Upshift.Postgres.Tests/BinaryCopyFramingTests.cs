using Upshift.Postgres.Backup;
using Upshift.Postgres.Backup.Wire;

namespace Upshift.Postgres.Tests;

/// <summary>Counting the rows of a binary COPY stream from its CopyData messages (pure logic, no server).</summary>
public sealed class BinaryCopyFramingTests
{
    private static readonly byte[] Header = [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0, 0, 0, 0, 0, 0, 0, 0, 0];
    private static readonly byte[] Marker = [0xFF, 0xFF];

    // One int4 column: field count 1, length 4, value.
    private static byte[] Row(int value) => [0, 1, 0, 0, 0, 4, (byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value];

    private static long Count(IEnumerable<byte[]> messages, int piece = int.MaxValue)
    {
        var framing = new BinaryCopyFraming();
        foreach (var message in messages)
        {
            framing.MessageStarted(message.Length);
            for (var at = 0; at < message.Length; at += piece)
            {
                framing.Data(message.AsSpan(at, Math.Min(piece, message.Length - at)));
            }
        }

        return framing.Rows();
    }

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(1)]
    [InlineData(3)]
    public void The_server_s_framing_header_with_the_first_row_and_the_marker_alone_counts_every_row(int piece)
    {
        byte[][] messages = [[.. Header, .. Row(1)], Row(2), Row(3), Marker];
        Assert.Equal(3, Count(messages, piece));
    }

    [Fact]
    public void A_header_alone_or_a_marker_with_the_last_row_are_recognised_too()
    {
        Assert.Equal(2, Count([Header, Row(1), Row(2), Marker]));
        Assert.Equal(2, Count([[.. Header, .. Row(1)], [.. Row(2), .. Marker]]));
        Assert.Equal(1, Count([Header, [.. Row(1), .. Marker]]));
    }

    [Fact]
    public void No_rows_is_the_header_and_the_marker_in_one_message_or_in_two()
    {
        Assert.Equal(0, Count([[.. Header, .. Marker]]));
        Assert.Equal(0, Count([Header, Marker]));
    }

    [Fact]
    public void The_same_count_as_parsing_every_field_on_a_stream_of_many_rows()
    {
        List<byte[]> messages = [[.. Header, .. Row(0)]];
        messages.AddRange(Enumerable.Range(1, 999).Select(Row));
        messages.Add(Marker);
        var parser = new BinaryCopyCounter();
        parser.Feed(messages.SelectMany(m => m).ToArray());
        Assert.True(parser.Complete);
        Assert.Equal(parser.Rows, Count(messages, piece: 7));
    }

    [Fact]
    public void A_stream_without_its_end_marker_or_signature_or_with_rows_in_one_message_is_refused()
    {
        var cut = Assert.Throws<InvalidDataException>(() => Count([[.. Header, .. Row(1)], Row(2)]));
        Assert.Contains("end marker", cut.Message, StringComparison.Ordinal);
        byte[] notCopy = [.. Header];
        notCopy[0] = (byte)'X';
        Assert.Contains("signature", Assert.Throws<InvalidDataException>(() => Count([[.. notCopy, .. Row(1)], Marker])).Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => Count([[.. Header, .. Row(1), .. Row(2), .. Marker]]));
        Assert.Throws<InvalidDataException>(() => Count([]));
    }
}
