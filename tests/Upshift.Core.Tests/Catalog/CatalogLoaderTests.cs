using Upshift.Catalog;
using Upshift.Errors;

namespace Upshift.Tests.Catalog;

/// <summary>Discovery, ordering, engine variants, duplicates and bad names.</summary>
public sealed class CatalogLoaderTests
{
    private static string[] Paths(IEnumerable<MigrationScript> scripts) => [.. scripts.Select(s => s.Path)];

    private static UpshiftException BadInput(ScriptFolder folder, string engine, params Glob[] ignore)
    {
        var error = Assert.Throws<UpshiftException>(() => CatalogLoader.Load(folder.Root, engine, TestEngines.Words, ignore));
        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.DoesNotContain('\n', error.Message);
        return error;
    }

    [Fact]
    public void Scans_subfolders_and_sorts_each_kind()
    {
        using var folder = new ScriptFolder(
            "V2__two.sql",
            "release/8.1/V1.10__ten.sql",
            "release/8.1/deeper/V1.9__nine.sql",
            "V1_2__one_two.sql",
            "V20191100000001000000__stamp.sql",
            "views/R__b.sql",
            "R__A.sql",
            "views/more/R__c.sql",
            "undo/U2__two.sql",
            "U1.10__ten.sql");

        var catalog = CatalogLoader.Load(folder.Root, "sqlite", TestEngines.Words);

        Assert.Equal("sqlite", catalog.Engine);
        Assert.Equal(
            ["V1_2__one_two.sql", "release/8.1/deeper/V1.9__nine.sql", "release/8.1/V1.10__ten.sql", "V2__two.sql", "V20191100000001000000__stamp.sql"],
            Paths(catalog.Versioned));
        Assert.Equal(["R__A.sql", "views/R__b.sql", "views/more/R__c.sql"], Paths(catalog.Repeatable));
        Assert.Equal(["U1.10__ten.sql", "undo/U2__two.sql"], Paths(catalog.Undo));
    }

    [Fact]
    public void Scripts_carry_name_paths_and_text()
    {
        using var folder = new ScriptFolder();
        var full = folder.Write("a/b/V1.2__add.users.sql", "CREATE TABLE users (id int);\n");

        var script = Assert.Single(CatalogLoader.Load(folder.Root, "postgres", TestEngines.Words).Versioned);

        Assert.Equal("a/b/V1.2__add.users.sql", script.Path);
        Assert.Equal("V1.2__add.users.sql", script.FileName);
        Assert.Equal(Path.GetFullPath(full), script.FullPath);
        Assert.Equal(ScriptKind.Versioned, script.Kind);
        Assert.Equal("1.2", script.Version!.Text);
        Assert.Equal("add.users", script.Description);
        Assert.Null(script.Name.Engine);
        Assert.Equal("CREATE TABLE users (id int);\n", script.Text);
        Assert.Equal(Checksums.Of("CREATE TABLE users (id int);\n"), script.Checksum);
        Assert.Same(ScriptDirectives.None, script.Directives);
    }

    [Theory]
    [InlineData("postgres", "V3__idx.postgres.sql")]
    [InlineData("mysql", "V3__idx.mariadb.sql")]
    [InlineData("sqlite", "V3__idx.sql")]
    public void An_engine_variant_replaces_the_plain_script(string engine, string expected)
    {
        using var folder = new ScriptFolder("V3__idx.sql", "V3__idx.postgres.sql", "V3__idx.mariadb.sql", "V4__next.sql");

        var catalog = CatalogLoader.Load(folder.Root, engine, TestEngines.Words);

        Assert.Equal([expected, "V4__next.sql"], Paths(catalog.Versioned));
    }

    [Theory]
    [InlineData("a/V3__idx.pg.sql", "b/V3__idx.sql")]
    [InlineData("b/V3__idx.pg.sql", "a/V3__idx.sql")]
    [InlineData("V3.0__idx.pg.sql", "V3__IDX.sql")]
    public void The_variant_wins_whichever_file_is_read_first(string variant, string plain)
    {
        using var folder = new ScriptFolder(variant, plain);

        var script = Assert.Single(CatalogLoader.Load(folder.Root, "postgres", TestEngines.Words).Versioned);

        Assert.Equal(variant, script.Path);
        Assert.Equal("postgres", script.Name.Engine);
    }

    [Fact]
    public void Variants_replace_repeatable_and_undo_scripts_too()
    {
        using var folder = new ScriptFolder("R__views.sql", "R__views.pg.sql", "U3__idx.sql", "sub/U3__idx.postgre.sql", "R__other.sql");

        var catalog = CatalogLoader.Load(folder.Root, "postgres", TestEngines.Words);

        Assert.Equal(["R__other.sql", "R__views.pg.sql"], Paths(catalog.Repeatable));
        Assert.Equal(["sub/U3__idx.postgre.sql"], Paths(catalog.Undo));
    }

    [Fact]
    public void Scripts_for_other_engines_are_ignored()
    {
        using var folder = new ScriptFolder(
            "Upgrade_8.1.100.29_postgres.sql",
            "Upgrade_8.1.100.29_mysql.sql",
            "Upgrade_8.1.100.29_mssql.sql",
            "Upgrade_8.1.100.29_ora.sql",
            "Upgrade_8.1.100.29_db2.sql",
            "Upgrade_8.1.100.32_sqlite.sql",
            "V8.1.100.29__b.sql",
            "R__views.pg.sql",
            "U1__x.mysql.sql");

        var catalog = CatalogLoader.Load(folder.Root, "sqlite", TestEngines.Words);

        Assert.Equal(["V8.1.100.29__b.sql", "Upgrade_8.1.100.32_sqlite.sql"], Paths(catalog.Versioned));
        Assert.Empty(catalog.Repeatable);
        Assert.Empty(catalog.Undo);
    }

    [Fact]
    public void Vendor_scripts_of_the_engine_make_the_upgrade_path()
    {
        using var folder = new ScriptFolder("Upgrade_8.1.100.32_postgres.sql", "Upgrade_8.1.100.27_pg.sql", "Upgrade_8_1_100_29_postgre.sql", "Upgrade_8.1.100.29_mysql.sql");

        var catalog = CatalogLoader.Load(folder.Root, "postgres", TestEngines.Words);

        Assert.Equal(["8.1.100.27", "8_1_100_29", "8.1.100.32"], catalog.Versioned.Select(s => s.Version!.Text));
    }

    [Theory]
    [InlineData("sqlite", "V1.0__a.sql", "V1__b.sql")]
    [InlineData("sqlite", "Upgrade_8.1.100.29_sqlite.sql", "V8.1.100.29__b.sql")]
    [InlineData("postgres", "Upgrade_2_0_postgres.sql", "Upgrade_2_pg.sql")]
    [InlineData("sqlite", "a/R__x.sql", "b/R__x.sql")]
    [InlineData("sqlite", "R__X.sql", "R__x.sql")]
    [InlineData("sqlite", "V1__a.sql", "sub/V1.0.0__a.sql")]
    [InlineData("sqlite", "U1_0__b.sql", "U1__a.sql")]
    [InlineData("postgres", "V3__idx.pg.sql", "V3__idx.postgres.sql")]
    [InlineData("postgres", "V3__idx.sql", "V3__other.pg.sql")]
    [InlineData("mysql", "R__v.mariadb.sql", "R__v.mysql.sql")]
    public void Two_scripts_for_one_version_are_duplicates(string engine, string first, string second)
    {
        using var folder = new ScriptFolder(first, second, "V0__fine.sql");

        var error = BadInput(folder, engine);

        Assert.Equal(ErrorCode.BadScriptName, error.Code);
        Assert.Equal(second, error.File);
        Assert.Contains("duplicate", error.Message, StringComparison.Ordinal);
        Assert.Contains(first, error.Message, StringComparison.Ordinal);
        Assert.Contains(second, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Equal_versions_of_different_kinds_are_not_duplicates()
    {
        using var folder = new ScriptFolder("V1__a.sql", "U1__a.sql", "R__a.sql", "Upgrade_1_pg.sql");

        var catalog = CatalogLoader.Load(folder.Root, "sqlite", TestEngines.Words);

        Assert.Single(catalog.Versioned);
        Assert.Single(catalog.Undo);
        Assert.Single(catalog.Repeatable);
    }

    [Theory]
    [InlineData("notes/readme.sql")]
    [InlineData("V1_missing_separator.sql")]
    [InlineData("deep/er/Vx__bad_version.sql")]
    [InlineData("R1__versioned_repeatable.sql")]
    [InlineData("Upgrade_8.1_oracle.sql")]
    [InlineData("wip.draft.sql")]
    public void A_bad_sql_name_is_bad_input_naming_the_file(string badFile)
    {
        using var folder = new ScriptFolder("V1__ok.sql", badFile);

        var error = BadInput(folder, "sqlite");

        Assert.Equal(ErrorCode.BadScriptName, error.Code);
        Assert.Equal(badFile, error.File);
        Assert.Contains("bad script name", error.Message, StringComparison.Ordinal);
        Assert.Contains($"({badFile})", error.OneLine, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(error.Hint));
    }

    [Fact]
    public void Ignore_globs_exclude_bad_names_and_valid_ones()
    {
        using var folder = new ScriptFolder("V1__ok.sql", "notes/readme.sql", "notes/deeper/V9__not_a_migration.sql", "wip.draft.sql", "sub/V5__x.draft.sql");

        var catalog = CatalogLoader.Load(folder.Root, "sqlite", TestEngines.Words, [new Glob("notes/**"), new Glob("*.draft.sql")]);

        Assert.Equal(["V1__ok.sql"], Paths(catalog.Versioned));
    }

    [Fact]
    public void An_ignore_glob_that_does_not_match_leaves_the_error()
    {
        using var folder = new ScriptFolder("V1__ok.sql", "docs/readme.sql");

        var error = BadInput(folder, "sqlite", new Glob("notes/**"), new Glob("*.draft.sql"));

        Assert.Equal("docs/readme.sql", error.File);
    }

    [Fact]
    public void Files_that_are_not_sql_are_ignored()
    {
        using var folder = new ScriptFolder("V1__ok.SQL");
        foreach (var other in new[] { "README.md", "V2__b.txt", "V3__c.sql.bak", "V4__d.sqlite", "V5__e.sqlx", "Makefile", "notes/V6__f", ".sql.orig" })
        {
            folder.Write(other, "not a migration");
        }

        var catalog = CatalogLoader.Load(folder.Root, "sqlite", TestEngines.Words);

        Assert.Equal(["V1__ok.SQL"], Paths(catalog.Versioned));
    }

    [Fact]
    public void An_empty_folder_is_an_empty_catalog()
    {
        using var folder = new ScriptFolder();

        var catalog = CatalogLoader.Load(folder.Root, "sqlite", TestEngines.Words);

        Assert.Empty(catalog.Versioned);
        Assert.Empty(catalog.Repeatable);
        Assert.Empty(catalog.Undo);
    }

    [Fact]
    public void A_missing_folder_is_bad_input()
    {
        using var folder = new ScriptFolder();
        var missing = Path.Combine(folder.Root, "nope");

        var error = Assert.Throws<UpshiftException>(() => CatalogLoader.Load(missing, "sqlite", TestEngines.Words));

        Assert.Equal(ErrorCode.BadArguments, error.Code);
        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.Equal(missing, error.File);
    }
}
