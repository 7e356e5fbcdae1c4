using Microsoft.Data.Sqlite;
using Upshift.Backup.Format;
using Upshift.Sqlite;

namespace Upshift.Backup.Tests;

/// <summary>
/// Backups written by earlier versions stay readable: a manifest and a whole SQLite backup written by the first
/// manifest writer are stored in <c>Fixtures/</c>, and today's writer must produce the same manifest bytes.
/// </summary>
public sealed class ManifestCompatibilityTests
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures");

    /// <summary>Every field, nulls and absent optional fields, several chunks, unsorted properties, text that JSON escapes.</summary>
    internal static BackupManifest Sample() => new()
    {
        BackupId = "00112233445566778899aabbccddeeff",
        Tool = "upshift 1.2.3",
        Engine = "postgres",
        ServerVersion = "16.4 (Debian 16.4-1.pgdg120+1)",
        Source = "postgres://app@db.example:5432/shop?sslmode=require",
        SchemaVersion = "8.1.100.29",
        HistoryTable = "ops.upshift_history",
        HistoryRows = 42,
        CreatedAt = new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc).AddTicks(1_234_567),
        CompletedAt = new DateTime(2024, 5, 6, 7, 9, 0, DateTimeKind.Utc),
        Compression = "zstd:3",
        Properties = new Dictionary<string, string> { ["timezone"] = "Europe/Zürich", ["encoding"] = "UTF8", ["collation"] = "en_US.utf8 <\"quoted\"> & 'single'" },
        Schema =
        [
            new ManifestStream("pre-data", [32], 1200, 480, "aa01"),
            new ManifestStream("post-data", [], 0, 0, "aa02"),
        ],
        Tables =
        [
            new ManifestStream("public.orders [pages 0-999]", [512, 70_000, 5L << 32], 10L << 30, 3L << 30, "bb01")
            {
                Table = new BackupTable("public", "orders", ["id", "customer", "total"]) { Slice = "pages 0-999", Encoding = "binary", Rows = 12_000_000_000, RawBytes = 10L << 30 },
            },
            new ManifestStream("café", [900_000], 77, 60, "bb02")
            {
                Table = new BackupTable(null, "café", ["naïve column", "x"]) { Rows = 3, RawBytes = 77 },
            },
        ],
        Sequences =
        [
            new SequenceValue("public", "orders_id_seq", 12_000_000_001, true),
            new SequenceValue(null, "café", 1, false),
        ],
    };

    [Fact]
    public void A_manifest_is_written_byte_for_byte_as_the_first_writer_wrote_it() =>
        Assert.Equal(Fixture("manifest-v1.json"), ManifestJson.Write(Sample()));

    [Fact]
    public void A_manifest_of_the_first_writer_reads_back_whole()
    {
        var read = ManifestJson.Read(Fixture("manifest-v1.json"));
        var sample = Sample();
        Assert.Equal(sample with { Properties = read.Properties, Schema = read.Schema, Tables = read.Tables, Sequences = read.Sequences }, read);
        Assert.Equal(DateTimeKind.Utc, read.CreatedAt.Kind);
        Assert.Equal(sample.Properties.OrderBy(p => p.Key, StringComparer.Ordinal), read.Properties.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal(sample.Sequences, read.Sequences);
        Assert.Equal(Streams(sample.Schema), Streams(read.Schema));
        Assert.Equal(Streams(sample.Tables), Streams(read.Tables));
        Assert.Equal(sample.Tables.Select(t => t.Table! with { Columns = [] }), read.Tables.Select(t => t.Table! with { Columns = [] }));
        Assert.Equal(sample.Tables.Select(t => string.Join('|', t.Table!.Columns)), read.Tables.Select(t => string.Join('|', t.Table!.Columns)));
    }

    [Theory]
    [InlineData("\"historyRows\":42,", "")]
    [InlineData("\"chunkCount\":3,\"digest\":\"bb01\",", "\"chunkCount\":3,")]
    [InlineData("\"tool\":\"upshift 1.2.3\"", "\"tool\":null")]
    public void A_manifest_without_a_member_every_writer_wrote_is_not_read(string member, string replacement)
    {
        var text = System.Text.Encoding.UTF8.GetString(Fixture("manifest-v1.json"));
        Assert.Contains(member, text, StringComparison.Ordinal);
        Assert.Throws<System.Text.Json.JsonException>(() => ManifestJson.Read(System.Text.Encoding.UTF8.GetBytes(text.Replace(member, replacement, StringComparison.Ordinal))));
    }

    [Fact]
    public async Task A_backup_file_of_the_first_writer_verifies_and_restores()
    {
        using (var reader = await BackupReader.OpenAsync(Path.Combine(Fixtures, "sqlite-v1.upbak"), CancellationToken.None))
        {
            Assert.Equal("2", reader.Manifest.SchemaVersion);
            Assert.Equal(["upshift_history", "items", "café \"quoted\""], reader.Manifest.Tables.Select(t => t.Table!.Name));
            Assert.Empty(await reader.VerifyAsync(decompress: true, null, CancellationToken.None));
        }

        await using var target = new SqliteDatabase();
        Providers.IDatabaseProvider provider = SqliteProvider.FromUrl(target.Url);
        await using (provider as IAsyncDisposable)
        {
            await RestoreRunner.RunAsync(provider, new RestoreOptions(Path.Combine(Fixtures, "sqlite-v1.upbak")), null, CancellationToken.None);
        }

        await using var connection = new SqliteConnection($"Data Source={target.FilePath};Pooling=false");
        await connection.OpenAsync();
        await using var command = new SqliteCommand("SELECT group_concat(name, ',') FROM (SELECT name FROM items ORDER BY id)", connection);
        Assert.Equal("one,two,three", await command.ExecuteScalarAsync());
        command.CommandText = "SELECT seq FROM sqlite_sequence WHERE name = 'items'";
        Assert.Equal(3L, await command.ExecuteScalarAsync());
    }

    private static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(Fixtures, name));

    private static IEnumerable<string> Streams(IReadOnlyList<ManifestStream> streams) =>
        streams.Select(s => $"{s.Name} {string.Join(',', s.Chunks)} {s.RawBytes} {s.StoredBytes} {s.Digest}");
}
