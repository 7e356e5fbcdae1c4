using System.Security.Cryptography;
using System.Text;
using Microsoft.Win32.SafeHandles;
using Upshift.Backup.Format;
using Upshift.Errors;

namespace Upshift.Backup;

/// <summary>
/// Opens a backup file: checks its header, trailer and manifest on open, and every chunk on <see cref="VerifyAsync"/>.
/// Reads go through positioned I/O, so several streams of one file are read at once.
/// </summary>
public sealed class BackupReader : IDisposable
{
    private readonly OpenBackupFile _file;
    private readonly long _dataEnd;

    private BackupReader(OpenBackupFile file, long dataEnd, BackupManifest manifest)
    {
        Path = file.Path;
        _file = file;
        _dataEnd = dataEnd;
        Manifest = manifest;
    }

    /// <summary>The file's path as given to <see cref="OpenAsync(string, BackupKey?, CancellationToken)"/>.</summary>
    public string Path { get; }

    /// <summary>The manifest, already checked against the trailer's checksum; the chunks are checked by <see cref="VerifyAsync"/>.</summary>
    public BackupManifest Manifest { get; }

    /// <summary>The file's size in bytes.</summary>
    public long FileLength => RandomAccess.GetLength(_file.Handle);

    /// <summary>True when the file is encrypted (AES-256-GCM); it was then opened with its key, which authenticates every block read.</summary>
    public bool Encrypted => _file.Cipher is not null;

    /// <summary>Opens <paramref name="path"/> and reads its manifest; a damaged frame or manifest throws (exit 3).</summary>
    public static Task<BackupReader> OpenAsync(string path, CancellationToken cancellationToken) => OpenAsync(path, null, cancellationToken);

    /// <summary>
    /// Opens <paramref name="path"/> and reads its manifest; a damaged frame or manifest throws (exit 3). An encrypted file
    /// needs its <paramref name="key"/> (without one: exit 2; with another: exit 3). Given a key, a file in the clear is
    /// refused (exit 3): it cannot prove that it was made with the key.
    /// </summary>
    public static async Task<BackupReader> OpenAsync(string path, BackupKey? key, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new UpshiftException(ErrorCode.BadArguments, "the backup file does not exist", path, hint: "check the path given with --in");
        }

        SafeFileHandle file;
        try
        {
            file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.Asynchronous);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UpshiftException(ErrorCode.BadArguments, $"cannot read the backup file: {Messages.Of(e)}", path, hint: "check --in / the path and its permissions");
        }

        try
        {
            var opened = await OpenFrameAsync(file, path, key, cancellationToken).ConfigureAwait(false);
            var (dataEnd, manifest) = await ReadFrameAsync(opened, cancellationToken).ConfigureAwait(false);
            return new BackupReader(opened, dataEnd, manifest);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads every chunk and checks that it is where the manifest says, that its hash matches, and that each stream's
    /// digest matches; with <paramref name="decompress"/> also that it decompresses to its recorded length.
    /// Returns every problem found (empty when the file is intact).
    /// </summary>
    public async Task<IReadOnlyList<string>> VerifyAsync(bool decompress, IBackupObserver? observer, CancellationToken cancellationToken)
    {
        var meter = new TransferMeter(BackupPhase.Verify) { TotalBytes = _dataEnd, Tables = Manifest.Tables.Count };
        using var progress = ProgressTicker.Start(meter, observer);
        var problems = new List<string>();
        var streams = Streams().ToList();
        var digests = streams.ToDictionary(s => (s.Kind, s.Index), _ => IncrementalHash.CreateHash(HashAlgorithmName.SHA256));
        var expected = _file.DataStart + 0L;
        foreach (var at in streams.SelectMany(s => ChunkLocation.Of(s.Kind, s.Index, s.Stream)).OrderBy(c => c.Offset))
        {
            if (at.Offset != expected)
            {
                problems.Add($"{at.Describe()}: the manifest places it at byte {at.Offset}, the previous block ends at byte {expected}");
            }

            try
            {
                var chunk = await ChunkLoader.LoadAsync(_file, at, _dataEnd, decompress, cancellationToken).ConfigureAwait(false);
                digests[(at.Kind, at.Index)].AppendData(chunk.Hash);
                chunk.Release();
                expected = at.Offset + BlockHeader.Size + chunk.StoredLength;
                meter.AddBytes(BlockHeader.Size + chunk.StoredLength);
            }
            catch (UpshiftException e)
            {
                problems.Add(e.Message["backup is damaged: ".Length..]);
                expected = -1;
            }
        }

        if (expected >= 0 && expected != _dataEnd)
        {
            problems.Add($"{_dataEnd - expected} bytes between byte {expected} and the manifest belong to no chunk");
        }

        foreach (var s in streams)
        {
            using var digest = digests[(s.Kind, s.Index)];
            if (ManifestJson.Hex(digest.GetHashAndReset()) != s.Stream.Digest && !problems.Any(p => p.Contains(s.Stream.Name + ",", StringComparison.Ordinal)))
            {
                problems.Add($"{s.Stream.Name}: its chunks do not match the manifest's digest");
            }
        }

        return problems;
    }

    /// <summary>Throws the exit-3 error naming the first problem when <see cref="VerifyAsync"/> finds any.</summary>
    public async Task VerifyOrThrowAsync(bool decompress, IBackupObserver? observer, CancellationToken cancellationToken)
    {
        var problems = await VerifyAsync(decompress, observer, cancellationToken).ConfigureAwait(false);
        if (problems.Count > 0)
        {
            throw Damage.Error(Path, problems[0] + (problems.Count > 1 ? $" (and {problems.Count - 1} more problems)" : string.Empty));
        }
    }

    /// <summary>The text of a schema part.</summary>
    public async Task<string> ReadSchemaAsync(int index, CancellationToken cancellationToken)
    {
        await using var stream = OpenStream(BlockKind.Schema, index, null);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Closes the file; streams still open on it fail on their next read.</summary>
    public void Dispose() => _file.Handle.Dispose();

    internal ChunkReaderStream OpenStream(BlockKind kind, int index, TransferMeter? meter)
    {
        var stream = kind == BlockKind.Schema ? Manifest.Schema[index] : Manifest.Tables[index];
        return new ChunkReaderStream(_file, kind, (uint)index, stream, _dataEnd, meter);
    }

    private IEnumerable<(BlockKind Kind, uint Index, ManifestStream Stream)> Streams() =>
        Manifest.Schema.Select((s, i) => (BlockKind.Schema, (uint)i, s)).Concat(Manifest.Tables.Select((t, i) => (BlockKind.Table, (uint)i, t)));

    /// <summary>Reads the header and, for an encrypted file, checks the key against it before anything else is read.</summary>
    private static async Task<OpenBackupFile> OpenFrameAsync(SafeFileHandle file, string path, BackupKey? key, CancellationToken cancellationToken)
    {
        var length = RandomAccess.GetLength(file);
        var header = new byte[FileLayout.EncryptedHeaderSize];
        var read = await ChunkLoader.ReadExactlyAsync(file, header, 0, cancellationToken).ConfigureAwait(false);
        var frame = FileLayout.ReadHeader(header.AsSpan(0, read), out var problem);
        if (problem is not null)
        {
            throw length == 0 ? Damage.Error(path, "the file is empty") : Damage.Error(path, problem);
        }

        if (!frame.Encrypted)
        {
            return key is null
                ? new OpenBackupFile(file, path, frame.BackupId, frame.Size, null)
                : throw new UpshiftException(ErrorCode.ValidationFailed, $"the backup is not encrypted, so it cannot prove that it was made with the key in {key.Source}", path, hint: "leave out --encrypt-key-file only if you trust where this file came from");
        }

        if (key is null)
        {
            throw new UpshiftException(ErrorCode.BadArguments, "the backup is encrypted: its key is needed to read it", path, hint: "pass --encrypt-key-file with the key file it was made with");
        }

        var cipher = new ChunkCipher(key, frame.BackupId);
        return FileLayout.KeyMatches(header.AsSpan(0, read), cipher)
            ? new OpenBackupFile(file, path, frame.BackupId, frame.Size, cipher)
            : throw new UpshiftException(ErrorCode.ValidationFailed, $"the backup was not made with the key in {key.Source} (or its header was altered)", path, hint: "use the key file it was made with");
    }

    private static async Task<(long DataEnd, BackupManifest Manifest)> ReadFrameAsync(OpenBackupFile opened, CancellationToken cancellationToken)
    {
        var (file, path, backupId) = (opened.Handle, opened.Path, opened.BackupId);
        var length = RandomAccess.GetLength(file);
        var trailerBytes = new byte[FileLayout.TrailerSize];
        if (length < opened.DataStart + FileLayout.TrailerSize
            || await ChunkLoader.ReadExactlyAsync(file, trailerBytes, length - FileLayout.TrailerSize, cancellationToken).ConfigureAwait(false) < FileLayout.TrailerSize
            || FileLayout.ReadTrailer(trailerBytes) is not { } trailer)
        {
            throw Damage.Error(path, $"the trailer is missing: the file is truncated (it ends at byte {length}) or its last bytes are damaged");
        }

        if (trailer.TrailerOffset != length - FileLayout.TrailerSize || trailer.ManifestOffset < opened.DataStart || trailer.ManifestOffset + trailer.ManifestLength != trailer.TrailerOffset)
        {
            throw Damage.Error(path, $"the trailer does not match the file's length of {length} bytes (truncated, extended, or trailer damaged)");
        }

        var at = new ChunkLocation(BlockKind.Manifest, 0, 0, 1, trailer.ManifestOffset, "manifest");
        var manifestBlock = await ChunkLoader.LoadAsync(opened, at, trailer.TrailerOffset, decompress: true, cancellationToken).ConfigureAwait(false);
        try
        {
            var json = manifestBlock.Raw.Span;
            if (!FileLayout.ManifestChecksum(backupId, json).AsSpan().SequenceEqual(trailer.Checksum))
            {
                throw Damage.Error(path, "the manifest does not match the trailer's checksum");
            }

            BackupManifest manifest;
            try
            {
                manifest = ManifestJson.Read(json);
            }
            catch (Exception e) when (e is System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                throw new UpshiftException(ErrorCode.BadArguments, $"the manifest cannot be read by this upshift: {e.Message}", path, hint: "the file was written by a different version of upshift");
            }

            return (trailer.ManifestOffset, manifest);
        }
        finally
        {
            manifestBlock.Release();
        }
    }
}
