using System.Security.Cryptography;
using Upshift.Backup.Format;
using Upshift.Errors;

namespace Upshift.Backup.Tests;

/// <summary>The file format on its own: chunking, compression, 64-bit fields, and every kind of damage.</summary>
public sealed class FormatTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("upshift-format-");
    private readonly byte[] _compressible = Enumerable.Range(0, (9 << 20) + 123).Select(i => (byte)(i % 251 < 200 ? 'a' + (i % 7) : i % 13)).ToArray();
    private readonly byte[] _random = RandomNumberGenerator.GetBytes((5 << 20) + 7);

    public void Dispose() => _folder.Delete(recursive: true);

    [Theory]
    [InlineData("zstd:1")]
    [InlineData("zstd:19")]
    [InlineData("none")]
    public async Task Streams_round_trip_byte_for_byte_and_verify_clean(string compression)
    {
        var path = await WriteAsync(CompressionOption.Parse(compression));
        using var reader = await BackupReader.OpenAsync(path, CancellationToken.None);
        Assert.Equal(3, reader.Manifest.Tables.Count);
        Assert.Equal(3, reader.Manifest.Tables[0].Chunks.Count);
        Assert.Equal(_compressible, await TestFiles.ReadTableAsync(reader, 0));
        Assert.Equal(_random, await TestFiles.ReadTableAsync(reader, 1));
        Assert.Empty(await TestFiles.ReadTableAsync(reader, 2));
        Assert.Equal("CREATE TABLE t (x int);", await reader.ReadSchemaAsync(0, CancellationToken.None));
        Assert.Empty(await reader.VerifyAsync(decompress: true, null, CancellationToken.None));
        if (compression != "none")
        {
            Assert.True(reader.Manifest.Tables[0].StoredBytes < _compressible.Length / 4, "compressible data was not compressed");
        }

        // Incompressible chunks are stored as they are, never larger.
        Assert.True(reader.Manifest.Tables[1].StoredBytes <= _random.Length + (2 * BlockHeader.Size));
    }

    [Fact]
    public async Task A_flipped_byte_in_a_chunk_names_the_table_and_the_chunk()
    {
        var path = await WriteAsync(CompressionOption.Default);
        long offset;
        using (var reader = await BackupReader.OpenAsync(path, CancellationToken.None))
        {
            offset = reader.Manifest.Tables[1].Chunks[1] + BlockHeader.Size + 1000;
        }

        BackupFile.FlipByte(path, offset);
        using var damaged = await BackupReader.OpenAsync(path, CancellationToken.None);
        var problem = Assert.Single(await damaged.VerifyAsync(decompress: true, null, CancellationToken.None));
        Assert.Contains("table public.random, chunk 2 of 2", problem, StringComparison.Ordinal);
        Assert.Contains("checksum mismatch", problem, StringComparison.Ordinal);

        // Reading the damaged stream fails with exit 3 too; the intact one still reads.
        var error = await Assert.ThrowsAsync<UpshiftException>(() => TestFiles.ReadTableAsync(damaged, 1));
        Assert.Equal(ExitCodes.ValidationFailed, error.ExitCode);
        Assert.Equal(_compressible, await TestFiles.ReadTableAsync(damaged, 0));
    }

    [Fact]
    public async Task A_damaged_block_header_is_found_at_its_place()
    {
        var path = await WriteAsync(CompressionOption.Default);
        BackupFile.FlipByte(path, FileLayout.HeaderSize + 25);
        using var damaged = await BackupReader.OpenAsync(path, CancellationToken.None);
        var problems = await damaged.VerifyAsync(decompress: false, null, CancellationToken.None);
        Assert.Contains("schema part ddl, chunk 1 of 1", problems[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, (1L << 31) + 16)]
    [InlineData(false, (1L << 32) + 16)]
    [InlineData(false, (4L << 20) + 1)]
    [InlineData(true, (1L << 31) + 16)]
    [InlineData(true, -16)]
    public async Task A_crafted_chunk_length_the_file_cannot_hold_is_damage_naming_the_chunk(bool stored, long length)
    {
        var path = await WriteAsync(CompressionOption.Default);
        BackupFile.CraftChunkLength(path, stored, length);
        using var crafted = await BackupReader.OpenAsync(path, CancellationToken.None);
        var problems = await crafted.VerifyAsync(decompress: true, null, CancellationToken.None);
        Assert.Contains("table public.compressible, chunk 1 of 3 at byte", problems[0], StringComparison.Ordinal);

        // Restore verifies without decompressing, then reads: the read is refused the same way.
        var error = await Assert.ThrowsAsync<UpshiftException>(() => TestFiles.ReadTableAsync(crafted, 0));
        Assert.Equal(ExitCodes.ValidationFailed, error.ExitCode);
        Assert.Contains("backup is damaged: table public.compressible, chunk 1 of 3 at byte", error.Message, StringComparison.Ordinal);
        Assert.Equal(path, error.File);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(64)]
    [InlineData(100_000)]
    public async Task A_truncated_file_is_refused_on_open(int removed)
    {
        var path = await WriteAsync(CompressionOption.Default);
        BackupFile.Truncate(path, removed);
        var error = await Assert.ThrowsAsync<UpshiftException>(() => BackupReader.OpenAsync(path, CancellationToken.None));
        Assert.Equal(ExitCodes.ValidationFailed, error.ExitCode);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_edited_manifest_is_refused_on_open()
    {
        var path = await WriteAsync(CompressionOption.Default);
        BackupFile.EditManifest(path);
        var error = await Assert.ThrowsAsync<UpshiftException>(() => BackupReader.OpenAsync(path, CancellationToken.None));
        Assert.Equal(ExitCodes.ValidationFailed, error.ExitCode);
        Assert.Contains("the manifest", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_is_not_a_backup_is_named_so()
    {
        var path = Path.Combine(_folder.FullName, "not-a-backup");
        await File.WriteAllTextAsync(path, new string('x', 500));
        var error = await Assert.ThrowsAsync<UpshiftException>(() => BackupReader.OpenAsync(path, CancellationToken.None));
        Assert.Contains("not an Upshift backup", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Block_headers_and_manifests_carry_64_bit_lengths_and_offsets()
    {
        var header = new BlockHeader(BlockKind.Table, Codec.Zstd, uint.MaxValue, 3_000_000_000L, 5L << 30, 7L << 30);
        var bytes = new byte[BlockHeader.Size];
        header.WriteFields(bytes);
        Assert.Equal(header, BlockHeader.TryRead(bytes));

        var table = new BackupTable("public", "big", ["a"]) { Rows = 10_000_000_000L, RawBytes = 6L << 30 };
        var manifest = new BackupManifest
        {
            BackupId = "00",
            Tool = "t",
            Engine = "postgres",
            ServerVersion = "15",
            Source = "s",
            CreatedAt = DateTime.UtcNow,
            CompletedAt = DateTime.UtcNow,
            Compression = "none",
            Tables = [new ManifestStream("public.big", [32, 5L << 30, (9L << 30) + 17], 6L << 30, (6L << 30) + 240, "ab") { Table = table }],
        };
        var read = ManifestJson.Read(ManifestJson.Write(manifest));
        Assert.Equal(manifest.Tables[0].Chunks, read.Tables[0].Chunks);
        Assert.Equal(10_000_000_000L, read.Tables[0].Table!.Rows);
        Assert.Equal(6L << 30, read.TotalRawBytes);
    }

    [Theory]
    [InlineData("none", false, 0)]
    [InlineData("zstd", true, CompressionOption.DefaultLevel)]
    [InlineData("ZSTD:7", true, 7)]
    public void Compression_options_parse(string text, bool zstd, int level) =>
        Assert.Equal(new CompressionOption(zstd, level), CompressionOption.Parse(text));

    [Theory]
    [InlineData("gzip")]
    [InlineData("zstd:0")]
    [InlineData("zstd:20")]
    [InlineData("zstd:x")]
    public void Bad_compression_options_are_bad_arguments(string text) =>
        Assert.Equal(ExitCodes.BadInput, Assert.Throws<UpshiftException>(() => CompressionOption.Parse(text)).ExitCode);

    private async Task<string> WriteAsync(CompressionOption compression)
    {
        var path = Path.Combine(_folder.FullName, Guid.NewGuid().ToString("N") + ".upbak");
        using var file = BackupFileWriter.Create(path);
        var schema = await TestFiles.WriteStreamAsync(file, BlockKind.Schema, 0, "ddl", "CREATE TABLE t (x int);"u8.ToArray(), compression, 1);
        var tables = new List<ManifestStream>();
        var names = new[] { "compressible", "random", "empty" };
        var data = new[] { _compressible, _random, [] };
        for (var i = 0; i < 3; i++)
        {
            var stream = await TestFiles.WriteStreamAsync(file, BlockKind.Table, (uint)i, "public." + names[i], data[i], compression, 65_536);
            tables.Add(stream with { Table = new BackupTable("public", names[i], ["x"]) { Rows = i, RawBytes = stream.RawBytes } });
        }

        await TestFiles.CompleteAsync(file, compression, schema, tables);
        return path;
    }
}
