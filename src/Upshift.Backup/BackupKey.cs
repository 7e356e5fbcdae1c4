using System.Security.Cryptography;
using System.Text;
using Upshift.Errors;

namespace Upshift.Backup;

/// <summary>
/// The secret that encrypts and authenticates backup files (AES-256-GCM): 32 random bytes kept in a file of their own,
/// never in the backup. Each backup derives its own keys from it and from the backup's random id, so one key serves any
/// number of backups. Only someone holding the key can write a file that it opens, so a file that verifies with the key
/// was made with it.
/// </summary>
public sealed class BackupKey
{
    /// <summary>The key's length in bytes.</summary>
    public const int Length = 32;

    private readonly byte[] _secret;

    private BackupKey(byte[] secret, string source)
    {
        _secret = secret;
        Source = source;
    }

    /// <summary>Where the key came from (its file's path), for messages; never the key itself.</summary>
    public string Source { get; }

    /// <summary>A new random key.</summary>
    public static BackupKey Generate() => new(RandomNumberGenerator.GetBytes(Length), "a new key");

    /// <summary>
    /// Reads a key file: 32 raw bytes, or text holding 64 hexadecimal digits or the base64 of 32 bytes (surrounding white
    /// space ignored). Anything else is bad input (exit 2); the message never quotes the file's content.
    /// </summary>
    public static BackupKey FromFile(string path)
    {
        byte[] content;
        try
        {
            content = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new UpshiftException(ErrorCode.BadArguments, $"cannot read the key file: {Messages.Of(e)}", path, hint: "check --encrypt-key-file; 'upshift backup keygen --out FILE' makes a key");
        }

        return new BackupKey(Parse(content) ?? throw new UpshiftException(ErrorCode.BadArguments, $"the key file does not hold a key: it must hold {Length} bytes, raw, as 64 hexadecimal digits or in base64", path, hint: "'upshift backup keygen --out FILE' makes a key"), path);
    }

    /// <summary>Writes the key as base64 text to a new file that only its owner may read (an existing file is kept: exit 2).</summary>
    public void WriteTo(string path)
    {
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using var file = new FileStream(path, options);
            file.Write(Encoding.ASCII.GetBytes(Convert.ToBase64String(_secret) + "\n"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new UpshiftException(ErrorCode.BadArguments, $"cannot write the key file: {Messages.Of(e)}", path, hint: "give a path that does not exist yet, in a folder this user can write in");
        }
    }

    /// <summary>Derives a key of <paramref name="length"/> bytes for one purpose of one backup (HKDF-SHA256).</summary>
    internal byte[] Derive(ReadOnlySpan<byte> backupId, string purpose, int length = Length)
    {
        var derived = new byte[length];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, _secret, derived, backupId, Encoding.ASCII.GetBytes(purpose));
        return derived;
    }

    private static byte[]? Parse(byte[] content)
    {
        if (content.Length == Length)
        {
            return content;
        }

        var text = Encoding.ASCII.GetString(content).Trim();
        if (text.Length == Length * 2 && text.All(Uri.IsHexDigit))
        {
            return Convert.FromHexString(text);
        }

        var decoded = new byte[Length + 3];
        return Convert.TryFromBase64String(text, decoded, out var written) && written == Length ? decoded[..Length] : null;
    }
}
