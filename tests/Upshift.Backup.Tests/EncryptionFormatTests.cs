using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Upshift.Backup.Format;
using Upshift.Sessions;
using Upshift.Errors;

namespace Upshift.Backup.Tests;

/// <summary>Encrypted backup files on their own: what the key opens, what it refuses, and forgeries that keep every checksum right.</summary>
public sealed class EncryptionFormatTests : IDisposable
{
    private static readonly byte[] Rows = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 200_000).Select(i => $"row {i} of the secret customer table;")));
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("upshift-encryption-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Theory]
    [InlineData("zstd:1")]
    [InlineData("none")]
    public async Task An_encrypted_file_round_trips_with_its_key_and_holds_neither_the_rows_nor_the_key(string compression)
    {
        var key = BackupKey.Generate();
        var path = await WriteAsync(key, CompressionOption.Parse(compression));

        using (var reader = await BackupReader.OpenAsync(path, key, CancellationToken.None))
        {
            Assert.True(reader.Encrypted);
            Assert.Equal(Rows, await TestFiles.ReadTableAsync(reader, 0));
            Assert.Equal("CREATE TABLE secret (line text);", await reader.ReadSchemaAsync(0, CancellationToken.None));
            Assert.Empty(await reader.VerifyAsync(decompress: true, null, CancellationToken.None));
        }

        var bytes = await File.ReadAllBytesAsync(path);
        Assert.Equal(-1, bytes.AsSpan().IndexOf("secret customer"u8));
        Assert.Equal(-1, bytes.AsSpan().IndexOf("\"tables\""u8));
        Assert.Equal(-1, bytes.AsSpan().IndexOf("CREATE TABLE"u8));
        Assert.Equal(-1, bytes.AsSpan().IndexOf(SecretOf(key)));
    }

    [Fact]
    public async Task A_file_opens_only_with_the_key_it_was_made_with()
    {
        var key = BackupKey.Generate();
        var encrypted = await WriteAsync(key, CompressionOption.Default);
        var clear = await WriteAsync(null, CompressionOption.Default);

        var missing = await Assert.ThrowsAsync<UpshiftException>(() => BackupReader.OpenAsync(encrypted, CancellationToken.None));
        Assert.Equal(ExitCodes.BadInput, missing.ExitCode);
        Assert.Contains("encrypted", missing.Message, StringComparison.Ordinal);

        var other = await Assert.ThrowsAsync<UpshiftException>(() => BackupReader.OpenAsync(encrypted, BackupKey.Generate(), CancellationToken.None));
        Assert.Equal(ExitCodes.ValidationFailed, other.ExitCode);
        Assert.Contains("was not made with the key", other.Message, StringComparison.Ordinal);

        // A file in the clear cannot stand in for an encrypted one: given a key, only a file made with it is accepted.
        var substitute = await Assert.ThrowsAsync<UpshiftException>(() => BackupReader.OpenAsync(clear, key, CancellationToken.None));
        Assert.Equal(ExitCodes.ValidationFailed, substitute.ExitCode);
        Assert.Contains("not encrypted", substitute.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_header_changed_after_writing_fails_the_key_check()
    {
        var key = BackupKey.Generate();
        var path = await WriteAsync(key, CompressionOption.Default);
        BackupFile.FlipByte(path, 20);

        var error = await Assert.ThrowsAsync<UpshiftException>(() => BackupReader.OpenAsync(path, key, CancellationToken.None));
        Assert.Equal(ExitCodes.ValidationFailed, error.ExitCode);
    }

    [Fact]
    public async Task A_forged_chunk_with_a_correct_checksum_fails_authentication_before_anything_is_read_from_it()
    {
        var key = BackupKey.Generate();
        var path = await WriteAsync(key, CompressionOption.Default);
        long chunk;
        using (var reader = await BackupReader.OpenAsync(path, key, CancellationToken.None))
        {
            chunk = reader.Manifest.Tables[0].Chunks[1];
        }

        // Someone who knows the format but not the key changes a byte and seals the block again: the SHA-256 checksum is
        // right, only the authentication tag can tell.
        var bytes = await File.ReadAllBytesAsync(path);
        var stored = (int)BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan((int)chunk + 24));
        bytes[chunk + BlockHeader.Size + 100] ^= 0x01;
        BlockHeader.ComputeHash(bytes.AsSpan(16, 16), bytes.AsSpan((int)chunk, BlockHeader.HashedSize), bytes.AsSpan((int)chunk + BlockHeader.Size, stored), bytes.AsSpan((int)chunk + BlockHeader.HashedSize, 32));
        await File.WriteAllBytesAsync(path, bytes);

        using var forged = await BackupReader.OpenAsync(path, key, CancellationToken.None);
        foreach (var decompress in new[] { true, false })
        {
            var problems = await forged.VerifyAsync(decompress, null, CancellationToken.None);
            Assert.Contains(problems, p => p.Contains("table public.secret, chunk 2 of", StringComparison.Ordinal) && p.Contains("fails authentication", StringComparison.Ordinal));
        }

        var error = await Assert.ThrowsAsync<UpshiftException>(() => TestFiles.ReadTableAsync(forged, 0));
        Assert.Equal(ExitCodes.ValidationFailed, error.ExitCode);
    }

    [Fact]
    public async Task A_key_file_may_hold_raw_bytes_hex_or_base64_and_anything_else_is_refused_without_quoting_it()
    {
        var secret = RandomNumberGenerator.GetBytes(32);
        var raw = Write("raw.key", secret);
        var hex = Write("hex.key", Encoding.ASCII.GetBytes(Convert.ToHexString(secret).ToLowerInvariant() + "\n"));
        var base64 = Write("base64.key", Encoding.ASCII.GetBytes("  " + Convert.ToBase64String(secret) + "\r\n"));
        var path = await WriteAsync(BackupKey.FromFile(raw), CompressionOption.Default);
        foreach (var file in new[] { hex, base64 })
        {
            using var reader = await BackupReader.OpenAsync(path, BackupKey.FromFile(file), CancellationToken.None);
            Assert.Equal(Rows, await TestFiles.ReadTableAsync(reader, 0));
        }

        foreach (var (name, content) in new[] { ("short.key", secret[..31]), ("text.key", Encoding.ASCII.GetBytes("hunter2-is-my-password\n")), ("empty.key", []) })
        {
            var error = Assert.Throws<UpshiftException>(() => BackupKey.FromFile(Write(name, content)));
            Assert.Equal(ExitCodes.BadInput, error.ExitCode);
            Assert.DoesNotContain("hunter2", error.OneLine, StringComparison.Ordinal);
            Assert.EndsWith(name, error.File, StringComparison.Ordinal);
        }

        var missing = Assert.Throws<UpshiftException>(() => BackupKey.FromFile(Path.Combine(_folder.FullName, "missing.key")));
        Assert.Equal(ExitCodes.BadInput, missing.ExitCode);
    }

    [Fact]
    public void A_generated_key_is_written_owner_only_and_never_over_an_existing_file()
    {
        var path = Path.Combine(_folder.FullName, "new.key");
        var key = BackupKey.Generate();
        key.WriteTo(path);
        Assert.Equal(SecretOf(key), SecretOf(BackupKey.FromFile(path)));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        var before = File.ReadAllBytes(path);
        Assert.Equal(ExitCodes.BadInput, Assert.Throws<UpshiftException>(() => BackupKey.Generate().WriteTo(path)).ExitCode);
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public async Task The_library_migrates_with_an_encrypted_backup_taken_under_its_lock()
    {
        var database = Path.Combine(_folder.FullName, "app.db");
        var backup = Path.Combine(_folder.FullName, "before.upbak");
        var key = BackupKey.Generate();
        await using (var first = await UpgradeSession.OpenAsync("sqlite:" + database, o => o.UseSqlite().Scripts(Sources.ScriptSources.InMemory(new Dictionary<string, string> { ["V1__a.sql"] = "CREATE TABLE a (id int);" }))))
        {
            Assert.True((await first.MigrateAsync()).Succeeded);
        }

        await using var session = await UpgradeSession.OpenAsync("sqlite:" + database, o => o.UseSqlite().Scripts(Sources.ScriptSources.InMemory(new Dictionary<string, string> { ["V1__a.sql"] = "CREATE TABLE a (id int);", ["V2__b.sql"] = "CREATE TABLE b (id int);" })));
        var (report, manifest) = await session.MigrateWithBackupAsync(new BackupOptions(backup) { Key = key });

        Assert.True(report.Succeeded, report.Error?.Message);
        Assert.Equal("1", manifest!.SchemaVersion);
        using (var reader = await BackupReader.OpenAsync(backup, key, CancellationToken.None))
        {
            Assert.True(reader.Encrypted);
            Assert.Empty(await reader.VerifyAsync(decompress: true, null, CancellationToken.None));
        }

        Assert.Equal(ExitCodes.BadInput, (await Assert.ThrowsAsync<UpshiftException>(() => BackupReader.OpenAsync(backup, CancellationToken.None))).ExitCode);
    }

    // The key's bytes, read back the way a user would keep them (the key itself never leaves the class).
    private byte[] SecretOf(BackupKey key)
    {
        var path = Path.Combine(_folder.FullName, Guid.NewGuid().ToString("N") + ".key");
        key.WriteTo(path);
        return Convert.FromBase64String(File.ReadAllText(path).Trim());
    }

    private string Write(string name, byte[] content)
    {
        var path = Path.Combine(_folder.FullName, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    private async Task<string> WriteAsync(BackupKey? key, CompressionOption compression)
    {
        var path = Path.Combine(_folder.FullName, Guid.NewGuid().ToString("N") + ".upbak");
        using var file = BackupFileWriter.Create(path, key);
        var schema = await TestFiles.WriteStreamAsync(file, BlockKind.Schema, 0, "ddl", "CREATE TABLE secret (line text);"u8.ToArray(), compression, 100_000);
        var table = await TestFiles.WriteStreamAsync(file, BlockKind.Table, 0, "public.secret", Rows, compression, 100_000);
        await TestFiles.CompleteAsync(file, compression, schema, [table with { Table = new BackupTable("public", "secret", ["line"]) { Rows = 200_000, RawBytes = table.RawBytes } }]);
        return path;
    }
}
