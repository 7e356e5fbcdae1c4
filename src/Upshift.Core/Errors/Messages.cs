using System.Data.Common;
using System.Text.RegularExpressions;

namespace Upshift.Errors;

/// <summary>Shapes driver, server and runtime messages for the contract's one-line errors.</summary>
public static partial class Messages
{
    /// <summary>The message on one line: servers (and some drivers) put details on following lines.</summary>
    public static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();

    /// <summary>
    /// What went wrong, as a sentence on one line. The command-line tool is built without the runtime's message texts
    /// (they would double its size), so a runtime exception's message is a resource key and its arguments
    /// (<c>IO_FileNotFound_FileName, /x/y</c>): those are put into words here; any other message is returned on one line.
    /// </summary>
    public static string Of(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var text = error.Message;
        string? parameter = null;
        if (ParameterName().Match(text) is { Success: true } named)
        {
            parameter = named.Groups["name"].Value;
            text = text[..named.Index];
        }

        var match = ResourceKey().Match(text);
        if (!match.Success)
        {
            return OneLine(error.Message);
        }

        var arguments = match.Groups["arguments"].Success ? OneLine(match.Groups["arguments"].Value) : null;
        var sentence = Known.TryGetValue(match.Groups["key"].Value, out var template) ? template : ByType(error);
        sentence = sentence.Contains("{0}", StringComparison.Ordinal)
            ? sentence.Replace("{0}", arguments ?? "?", StringComparison.Ordinal)
            : sentence + (arguments is null ? string.Empty : ": " + arguments);
        return parameter is null ? sentence : $"{sentence} (parameter '{parameter}')";
    }


    /// <summary>
    /// The error (exit 1, nothing changed) for a connection to <paramref name="target"/> that could not be opened.
    /// <paramref name="target"/> must already be without secrets (a provider's <c>Target</c>). A server answer of
    /// SQLSTATE class 28 (invalid authorization: a wrong password or user) is named an authentication failure, and a
    /// refused server certificate is named as such, with what to check.
    /// </summary>
    /// <param name="target">The database, without secrets.</param>
    /// <param name="error">What the driver threw.</param>
    public static UpshiftException CannotConnect(string target, Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (error is DbException { SqlState: ['2', '8', ..] })
        {
            return new UpshiftException(ErrorCode.ExecutionFailed, $"cannot connect to {target}: authentication failed ({OneLine(error.Message)})", hint: "check the user and password of --db; nothing was changed", inner: error);
        }

        // A refused certificate says only "SSL handshake" at the top; the reason is underneath.
        var tls = TlsFailure(error);
        return tls is null
            ? new UpshiftException(ErrorCode.ExecutionFailed, $"cannot connect to {target}: {Of(error)}", hint: "check --db and that the server is running; nothing was changed", inner: error)
            : new UpshiftException(
                ErrorCode.ExecutionFailed,
                $"cannot connect to {target}: {Of(error)} ({Of(tls)})",
                hint: "the server's certificate was not accepted: check that sslrootcert is the CA that signed it and that the host in --db is a name the certificate holds (verify-full); nothing was changed",
                inner: error);
    }

    private static Exception? TlsFailure(Exception error)
    {
        for (var cause = error.InnerException; cause is not null; cause = cause.InnerException)
        {
            if (cause is System.Security.Authentication.AuthenticationException)
            {
                return cause;
            }
        }

        return null;
    }

    private static readonly Dictionary<string, string> Known = new(StringComparer.Ordinal)
    {
        ["IO_FileNotFound"] = "file not found",
        ["IO_FileNotFound_FileName"] = "file not found",
        ["IO_PathNotFound_Path"] = "a folder on the path does not exist",
        ["IO_PathNotFound_NoPathName"] = "a folder on the path does not exist",
        ["IO_FileExists_Name"] = "the file already exists",
        ["IO_AlreadyExists_Name"] = "it already exists",
        ["IO_SharingViolation_File"] = "the file is in use by another process",
        ["IO_SharingViolation_NoFileName"] = "the file is in use by another process",
        ["IO_DiskFull_Path_AllocationSize"] = "no space left on the device",
        ["IO_FileTooLong2GB"] = "the file is larger than 2 GB",
        ["IO_PathTooLong_Path"] = "the path is too long",
        ["IO_PathTooLong"] = "the path is too long",
        ["UnauthorizedAccess_IODenied_Path"] = "permission denied",
        ["UnauthorizedAccess_IODenied_NoPathName"] = "permission denied",
        ["ADP_ConnectionStringSyntax"] = "the connection string is not valid from character {0} on",
        ["ADP_KeywordNotSupported"] = "the connection string has an unknown keyword",
        ["Argument_InvalidPathChars"] = "the path holds a character that is not allowed",
        ["Argument_EmptyPath"] = "the path is empty",
        ["net_ssl_io_cert_custom_validation"] = "the server's certificate was refused",
        ["net_ssl_io_cert_validation"] = "the server's certificate was refused",
        ["Arg_PathEmpty"] = "the path is empty",
    };

    private static string ByType(Exception error) => error switch
    {
        FileNotFoundException => "file not found",
        DirectoryNotFoundException => "a folder on the path does not exist",
        PathTooLongException => "the path is too long",
        UnauthorizedAccessException => "permission denied",
        IOException => "input/output error",
        ArgumentException => "a value is not valid",
        FormatException => "a value is not in the expected format",
        TimeoutException => "timed out",
        _ => "failed",
    };

    // What ArgumentException appends to its message: " Arg_ParamName_Name, path" without texts.
    [GeneratedRegex(@"\s*\(?Arg_ParamName_Name, (?<name>[^\s)]+)\)?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex ParameterName();

    // "Key" or "Key, argument, ...": the form of runtime messages without their texts.
    [GeneratedRegex(@"^(?<key>[A-Za-z][A-Za-z0-9]*_[A-Za-z0-9_]+)(?:, (?<arguments>.*))?$", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex ResourceKey();
}
