using Upshift.Errors;
using Microsoft.Win32.SafeHandles;
using System.Security.Cryptography;

namespace Upshift.Backup.Format;

/// <summary>
/// Appends blocks to a new backup file. Writers of different streams append concurrently: each reserves its
/// range with one atomic add and writes there, so the file is a sequence of whole blocks. The file is written
/// as <c>FILE.partial</c> and renamed to <c>FILE</c> only after the trailer is on disk.
/// </summary>
internal sealed class BackupFileWriter : IDisposable
{
    private readonly SafeFileHandle _handle;
    private readonly string _partialPath;
    private long _next;
    private bool _completed;

    private BackupFileWriter(string path, string partialPath, SafeFileHandle handle, byte[] backupId, BackupKey? key)
    {
        Path = path;
        _partialPath = partialPath;
        _handle = handle;
        BackupId = backupId;
        Cipher = key is null ? null : new ChunkCipher(key, backupId);
    }

    public string Path { get; }

    public byte[] BackupId { get; }

    /// <summary>Encrypts every block; null for a file written in the clear.</summary>
    public ChunkCipher? Cipher { get; }

    /// <summary>Bytes written so far.</summary>
    public long Length => Interlocked.Read(ref _next);

    /// <summary>Creates <c>FILE.partial</c> with its header; with <paramref name="key"/> every block is encrypted.</summary>
    public static BackupFileWriter Create(string path, BackupKey? key = null)
    {
        try
        {
            return CreateFile(path, key);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UpshiftException(ErrorCode.BadArguments, $"cannot create the backup file: {Messages.Of(e)}", path, hint: "check --out: its folder must be one this user can write in; nothing was changed", inner: e);
        }
    }

    private static BackupFileWriter CreateFile(string path, BackupKey? key)
    {
        var partial = path + ".partial";
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        if (!OperatingSystem.IsWindows())
        {
            // A backup holds every row: owner-only from its first byte, whatever the umask or a leftover file said.
            File.Delete(partial);
            using (new FileStream(partial, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite }))
            {
            }
        }

        var handle = File.OpenHandle(partial, FileMode.Create, FileAccess.ReadWrite, FileShare.Read, FileOptions.Asynchronous);
        var writer = new BackupFileWriter(path, partial, handle, RandomNumberGenerator.GetBytes(16), key);
        var header = writer.Cipher is { } cipher ? FileLayout.EncryptedHeader(writer.BackupId, cipher) : FileLayout.Header(writer.BackupId);
        RandomAccess.Write(handle, header, 0);
        writer._next = header.Length;
        return writer;
    }

    /// <summary>Writes one block (its sealed header and payload) and returns its offset.</summary>
    public async ValueTask<long> AppendAsync(byte[] header, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var length = header.Length + payload.Length;
        var offset = Interlocked.Add(ref _next, length) - length;
        await RandomAccess.WriteAsync(_handle, [header, payload], offset, cancellationToken).ConfigureAwait(false);
        return offset;
    }

    /// <summary>Writes the manifest and the trailer, flushes to disk, and renames the file into place.</summary>
    public async Task CompleteAsync(BackupManifest manifest, CancellationToken cancellationToken)
    {
        var json = ManifestJson.Write(manifest);
        var block = new BlockHeader(BlockKind.Manifest, Codec.None, 0, 0, json.Length + (Cipher is null ? 0 : ChunkCipher.TagSize), json.Length);
        var payload = json;
        if (Cipher is not null)
        {
            payload = new byte[block.StoredLength];
            Cipher.Seal(block, json, payload);
        }

        var header = block.Seal(BackupId, payload);
        var offset = await AppendAsync(header, payload, cancellationToken).ConfigureAwait(false);
        var trailerOffset = offset + header.Length + payload.Length;
        var trailer = FileLayout.Trailer(BackupId, offset, header.Length + payload.Length, json, trailerOffset);
        await RandomAccess.WriteAsync(_handle, trailer, trailerOffset, cancellationToken).ConfigureAwait(false);
        RandomAccess.FlushToDisk(_handle);
        _handle.Dispose();
        File.Move(_partialPath, Path, overwrite: false);
        _completed = true;
    }

    public void Dispose()
    {
        _handle.Dispose();
        if (!_completed)
        {
            // An unfinished backup must never look like one.
            File.Delete(_partialPath);
        }
    }
}
