using Upshift.Errors;

namespace Upshift.Tests.Reporting;

/// <summary>Runtime messages of the trimmed tool are resource keys; what a user reads is a sentence.</summary>
public sealed class MessagesTests
{
    public static TheoryData<Exception, string> Cases => new()
    {
        { new FileNotFoundException("IO_FileNotFound_FileName, /srv/db/x.upbak.partial"), "file not found: /srv/db/x.upbak.partial" },
        { new UnauthorizedAccessException("UnauthorizedAccess_IODenied_Path, /srv/sql/V1__a.sql"), "permission denied: /srv/sql/V1__a.sql" },
        { new DirectoryNotFoundException("IO_PathNotFound_Path, /nope/x.sql"), "a folder on the path does not exist: /nope/x.sql" },
        { new ArgumentException("ADP_ConnectionStringSyntax, 7"), "the connection string is not valid from character 7 on" },
        { new ArgumentException("Argument_EmptyPath Arg_ParamName_Name, path"), "the path is empty (parameter 'path')" },
        { new IOException("IO_SomethingNew_Path, /a/b"), "input/output error: /a/b" },
        { new System.Security.Authentication.AuthenticationException("net_ssl_io_cert_custom_validation"), "the server's certificate was refused" },
        { new ArgumentException("Arg_SomethingNew"), "a value is not valid" },
        { new InvalidOperationException("the connection was closed\nby the server"), "the connection was closed by the server" },
        { new IOException("No space left on device : '/srv/x'"), "No space left on device : '/srv/x'" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_resource_key_reads_as_a_sentence_and_any_other_message_is_kept(Exception error, string expected) =>
        Assert.Equal(expected, Messages.Of(error));
}
