using System.Security.Cryptography;
using System.Text;

namespace Upshift.Postgres.Backup.Wire;

/// <summary>
/// The client side of SCRAM-SHA-256 (RFC 7677) without channel binding. PostgreSQL takes the user name from the startup
/// message and expects it empty here; <paramref name="user"/> exists for the RFC's test vector.
/// </summary>
internal sealed class ScramSha256(string password, string? clientNonce = null, string user = "")
{
    public const string Mechanism = "SCRAM-SHA-256";

    private readonly string _nonce = clientNonce ?? Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));
    private string? _authMessage;
    private byte[]? _saltedPassword;

    /// <summary>The most PBKDF2 iterations a server may ask for: ten million take seconds, not minutes.</summary>
    public const int MaxIterations = 10_000_000;

    private string ClientFirstBare => "n=" + user + ",r=" + _nonce;

    /// <summary>True once the server's final message proved that it knows the password.</summary>
    public bool Verified { get; private set; }

    public byte[] ClientFirst() => Encoding.UTF8.GetBytes("n,," + ClientFirstBare);

    public byte[] ClientFinal(string serverFirst)
    {
        var fields = Fields(serverFirst);
        var serverNonce = fields.GetValueOrDefault('r') ?? throw Invalid("no nonce");
        if (!serverNonce.StartsWith(_nonce, StringComparison.Ordinal))
        {
            throw Invalid("the server's nonce does not extend ours");
        }

        var salt = Convert.FromBase64String(fields.GetValueOrDefault('s') ?? throw Invalid("no salt"));
        var iterations = int.Parse(fields.GetValueOrDefault('i') ?? throw Invalid("no iteration count"), System.Globalization.CultureInfo.InvariantCulture);
        if (iterations is < 1 or > MaxIterations)
        {
            // A server may not make us hash for minutes: PostgreSQL's default is 4,096.
            throw Invalid($"the server asks for {iterations} iterations (at most {MaxIterations} are done)");
        }

        _saltedPassword = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, 32);
        var clientKey = HMACSHA256.HashData(_saltedPassword, "Client Key"u8);
        var storedKey = SHA256.HashData(clientKey);
        var withoutProof = "c=biws,r=" + serverNonce;
        _authMessage = ClientFirstBare + "," + serverFirst + "," + withoutProof;
        var signature = HMACSHA256.HashData(storedKey, Encoding.UTF8.GetBytes(_authMessage));
        for (var i = 0; i < clientKey.Length; i++)
        {
            clientKey[i] ^= signature[i];
        }

        return Encoding.UTF8.GetBytes(withoutProof + ",p=" + Convert.ToBase64String(clientKey));
    }

    /// <summary>Proves the server knew the password too; a server that cannot is not the one we meant to reach.</summary>
    public void VerifyServerFinal(string serverFinal)
    {
        var fields = Fields(serverFinal);
        if (fields.TryGetValue('e', out var error))
        {
            throw Invalid(error);
        }

        var serverKey = HMACSHA256.HashData(_saltedPassword ?? throw Invalid("out of order"), "Server Key"u8);
        var expected = HMACSHA256.HashData(serverKey, Encoding.UTF8.GetBytes(_authMessage!));
        var given = Convert.FromBase64String(fields.GetValueOrDefault('v') ?? throw Invalid("no server signature"));
        if (!CryptographicOperations.FixedTimeEquals(expected, given))
        {
            throw Invalid("the server's signature is wrong");
        }

        Verified = true;
    }

    private static Dictionary<char, string> Fields(string message) =>
        message.Split(',').Where(f => f.Length >= 2 && f[1] == '=').ToDictionary(f => f[0], f => f[2..]);

    private static InvalidOperationException Invalid(string why) => new($"SCRAM-SHA-256 authentication failed: {why}");
}
