using System.Text;
using Upshift.Catalog;
using Upshift.Errors;

namespace Upshift.Tests.Catalog;

/// <summary>What the loader reads from each file: text, checksum, header directives, and read failures.</summary>
public sealed class CatalogLoaderContentTests
{
    private const string EmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private static MigrationScript LoadSingle(ScriptFolder folder) => Assert.Single(CatalogLoader.Load(folder.Root, "sqlite", TestEngines.Words).Versioned);

    [Theory]
    [InlineData("")]
    [InlineData("\n\n")]
    [InlineData("-- nothing to do in this release\n")]
    [InlineData("/* reserved\n   for later */\n-- and a line comment\n")]
    public void Empty_and_comment_only_scripts_are_valid(string text)
    {
        using var folder = new ScriptFolder();
        folder.Write("V1__placeholder.sql", text);

        var script = LoadSingle(folder);

        Assert.Equal(text, script.Text);
        Assert.Equal(Checksums.Of(text), script.Checksum);
        Assert.False(script.Directives.NoTransaction);
    }

    [Fact]
    public void Checksum_is_lower_case_hex_sha256()
    {
        Assert.Equal(EmptySha256, Checksums.Of(string.Empty));
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Checksums.Of("abc"));
    }

    [Fact]
    public void Checksum_ignores_line_ending_style()
    {
        const string Lf = "CREATE TABLE t (id int);\n\nINSERT INTO t VALUES (1);\n";

        Assert.Equal(Checksums.Of(Lf), Checksums.Of(Lf.Replace("\n", "\r\n", StringComparison.Ordinal)));
        Assert.Equal(Checksums.Of(Lf), Checksums.Of(Lf.Replace("\n", "\r", StringComparison.Ordinal)));
        Assert.Equal(Checksums.Of("a\nb\n"), Checksums.Of("a\r\nb\n"));
    }

    [Theory]
    [InlineData("SELECT 1;\n", "SELECT 2;\n")]
    [InlineData("SELECT 1;\n", "SELECT 1; \n")]
    [InlineData("SELECT 1;\n", "SELECT 1;\n\n")]
    [InlineData("SELECT 1;\n", "select 1;\n")]
    [InlineData("a\r\n", "a\r\n\r\n")]
    [InlineData("", " ")]
    public void Checksum_differs_for_different_text(string left, string right)
    {
        Assert.NotEqual(Checksums.Of(left), Checksums.Of(right));
    }

    [Fact]
    public void Files_with_crlf_and_lf_endings_load_with_one_checksum()
    {
        const string Lf = "-- upshift:no-transaction\nCREATE INDEX i ON t (c);\nSELECT 'x';\n";
        using var unix = new ScriptFolder();
        using var windows = new ScriptFolder();
        using var edited = new ScriptFolder();
        unix.Write("V1__a.sql", Lf);
        windows.Write("V1__a.sql", Lf.Replace("\n", "\r\n", StringComparison.Ordinal));
        edited.Write("V1__a.sql", Lf.Replace("'x'", "'y'", StringComparison.Ordinal));

        var fromUnix = LoadSingle(unix);
        var fromWindows = LoadSingle(windows);

        Assert.NotEqual(fromUnix.Text, fromWindows.Text);
        Assert.Equal(fromUnix.Checksum, fromWindows.Checksum);
        Assert.Equal(Checksums.Of(Lf), fromUnix.Checksum);
        Assert.NotEqual(fromUnix.Checksum, LoadSingle(edited).Checksum);
        Assert.True(fromWindows.Directives.NoTransaction);
    }

    [Fact]
    public void A_utf8_byte_order_mark_is_not_part_of_the_text()
    {
        const string Text = "INSERT INTO t VALUES ('\u00e9t\u00e9');\n";
        using var folder = new ScriptFolder();
        File.WriteAllText(folder.PathOf("V1__bom.sql"), Text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        File.WriteAllText(folder.PathOf("V2__plain.sql"), Text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));

        var scripts = CatalogLoader.Load(folder.Root, "sqlite", TestEngines.Words).Versioned;

        Assert.Equal(Text, scripts[0].Text);
        Assert.Equal(scripts[1].Checksum, scripts[0].Checksum);
    }

    [Theory]
    [InlineData(10, "\n")]
    [InlineData(65_536, "\n")]
    [InlineData(65_537, "\n")]
    [InlineData(300_000, "\n")]
    [InlineData(65_536, "\r\n")]
    [InlineData(300_000, "\r\n")]
    public void Text_and_checksum_do_not_depend_on_the_file_size_or_line_endings(int size, string newline)
    {
        var line = "INSERT INTO t VALUES ('\u00e9t\u00e9');" + newline;
        var bytes = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(line, (size / line.Length) + 1)))[..size];
        using var folder = new ScriptFolder();
        File.WriteAllBytes(folder.PathOf("V1__sized.sql"), bytes);

        var script = LoadSingle(folder);

        Assert.Equal(File.ReadAllText(folder.PathOf("V1__sized.sql")), script.Text);
        Assert.Equal(Checksums.Of(script.Text), script.Checksum);
    }

    [Fact]
    public void Invalid_utf8_is_replaced_and_the_checksum_is_that_of_the_text()
    {
        using var folder = new ScriptFolder();
        File.WriteAllBytes(folder.PathOf("V1__latin1.sql"), [.. "SELECT '"u8, 0xE9, .. "t"u8, 0xE9, .. "';\n"u8]);

        var script = LoadSingle(folder);

        Assert.Equal("SELECT '\uFFFDt\uFFFD';\n", script.Text);
        Assert.Equal(Checksums.Of(script.Text), script.Checksum);
        Assert.NotEqual(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(folder.PathOf("V1__latin1.sql")))), script.Checksum);
    }

    [Theory]
    [InlineData("-- upshift:no-transaction\nCREATE INDEX CONCURRENTLY i ON t (c);\n")]
    [InlineData("\n-- Adds an index without locking t.\n--upshift:no-transaction\nCREATE INDEX CONCURRENTLY i ON t (c);\n")]
    [InlineData("  -- UPSHIFT:No-Transaction  \r\nVACUUM;\r\n")]
    [InlineData("-- upshift: no-transaction\n")]
    public void No_transaction_header_directive_is_read(string text)
    {
        using var folder = new ScriptFolder();
        folder.Write("V1__idx.sql", text);

        Assert.True(LoadSingle(folder).Directives.NoTransaction);
    }

    [Theory]
    [InlineData("SELECT 1;\n-- upshift:no-transaction\n")]
    [InlineData("/* header */\n-- upshift:no-transaction\n")]
    [InlineData("-- upshift no-transaction\n")]
    [InlineData("-- no-transaction\n")]
    public void Directives_below_the_header_or_without_the_prefix_do_nothing(string text)
    {
        using var folder = new ScriptFolder();
        folder.Write("V1__idx.sql", text);

        Assert.Same(ScriptDirectives.None, LoadSingle(folder).Directives);
    }

    [Theory]
    [InlineData("-- upshift:whatever\nSELECT 1;\n", 1, "whatever")]
    [InlineData("-- Release 8.1\n\n-- upshift:no-transaction\n-- upshift:phase sideways\nSELECT 1;\n", 4, "phase sideways")]
    [InlineData("-- upshift:no-transactions\r\nSELECT 1;\r\n", 1, "no-transactions")]
    [InlineData("-- upshift:phase expand\n-- upshift:phase contract\nSELECT 1;\n", 2, "phase' is given twice")]
    [InlineData("-- upshift:no-transaction\n--upshift:NO-TRANSACTION\nSELECT 1;\n", 2, "no-transaction' is given twice")]
    public void An_unknown_directive_is_bad_input_with_file_and_line(string text, int line, string directive)
    {
        using var folder = new ScriptFolder("V1__fine.sql");
        folder.Write("sub/V2__typo.sql", text);

        var error = Assert.Throws<UpshiftException>(() => CatalogLoader.Load(folder.Root, "sqlite", TestEngines.Words));

        Assert.Equal(ErrorCode.BadScript, error.Code);
        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.Equal("sub/V2__typo.sql", error.File);
        Assert.Equal(line, error.Line);
        Assert.Contains($"upshift:{directive}", error.Message, StringComparison.Ordinal);
        Assert.EndsWith($"(sub/V2__typo.sql:{line})", error.OneLine, StringComparison.Ordinal);
    }

    [Fact]
    public void The_first_bad_file_in_path_order_is_reported()
    {
        using var folder = new ScriptFolder();
        for (var i = 1; i <= 20; i++)
        {
            folder.Write($"V{i}__s.sql", i % 3 == 0 ? "-- upshift:oops\n" : "SELECT 1;\n");
        }

        for (var attempt = 0; attempt < 5; attempt++)
        {
            var error = Assert.Throws<UpshiftException>(() => CatalogLoader.Load(folder.Root, "sqlite", TestEngines.Words));
            Assert.Equal("V12__s.sql", error.File);
        }
    }

    [Fact]
    public void A_dangling_link_is_an_unreadable_script()
    {
        using var folder = new ScriptFolder("V1__fine.sql");
        Directory.CreateDirectory(folder.PathOf("sub"));
        File.CreateSymbolicLink(folder.PathOf("sub/V2__gone.sql"), folder.PathOf("nowhere/V2__gone.sql"));

        var error = Assert.Throws<UpshiftException>(() => CatalogLoader.Load(folder.Root, "sqlite", TestEngines.Words));

        Assert.Equal(ErrorCode.BadScript, error.Code);
        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.Equal("sub/V2__gone.sql", error.File);
        Assert.Contains("cannot read script", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void A_folder_named_like_a_script_is_a_folder_not_a_script()
    {
        using var folder = new ScriptFolder("V2__x.sql/V1__inside.sql", "V3__real.sql");

        var catalog = CatalogLoader.Load(folder.Root, "sqlite", TestEngines.Words);

        Assert.Equal(["V2__x.sql/V1__inside.sql", "V3__real.sql"], catalog.Versioned.Select(s => s.Path));
    }

    [Fact]
    public void A_script_without_read_permission_is_unreadable_unless_the_user_may_read_anything()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var folder = new ScriptFolder("V1__fine.sql");
        var locked = folder.Write("V2__locked.sql", "SELECT 2;\n");
        File.SetUnixFileMode(locked, UnixFileMode.None);

        if (CanRead(() => File.ReadAllBytes(locked)))
        {
            // A privileged user (root in a container) reads it anyway: then it is an ordinary script.
            Assert.Equal("SELECT 2;\n", CatalogLoader.Load(folder.Root, "sqlite", TestEngines.Words).Versioned[1].Text);
            return;
        }

        var error = Assert.Throws<UpshiftException>(() => CatalogLoader.Load(folder.Root, "sqlite", TestEngines.Words));
        Assert.Equal(ErrorCode.BadScript, error.Code);
        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.Equal("V2__locked.sql", error.File);
    }

    [Fact]
    public void A_subfolder_without_read_permission_is_bad_input_unless_the_user_may_read_anything()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var folder = new ScriptFolder("V1__fine.sql", "locked/V2__hidden.sql");
        var locked = folder.PathOf("locked");
        File.SetUnixFileMode(locked, UnixFileMode.None);

        if (CanRead(() => Directory.GetFiles(locked)))
        {
            Assert.Equal(2, CatalogLoader.Load(folder.Root, "sqlite", TestEngines.Words).Versioned.Count);
            return;
        }

        // Never "fewer scripts": a folder that cannot be listed is an error, not an empty folder.
        var error = Assert.Throws<UpshiftException>(() => CatalogLoader.Load(folder.Root, "sqlite", TestEngines.Words));
        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.Contains("locked", error.OneLine, StringComparison.Ordinal);
    }

    private static bool CanRead(Action read)
    {
        try
        {
            read();
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
