using Upshift.Catalog;
using Upshift.Versions;

namespace Upshift.Tests.Catalog;

public sealed class ScriptNameParserTests
{
    private static ScriptName Valid(string fileName)
    {
        var name = ScriptNameParser.Parse(fileName, TestEngines.Words, out var error);
        Assert.True(name is not null, $"'{fileName}' should parse, got: {error}");
        Assert.Null(error);
        return name;
    }

    private static string Invalid(string fileName)
    {
        var name = ScriptNameParser.Parse(fileName, TestEngines.Words, out var error);
        Assert.True(name is null, $"'{fileName}' should be rejected, parsed as {name}");
        Assert.False(string.IsNullOrWhiteSpace(error));
        return error;
    }

    [Theory]
    [InlineData("V1__init.sql", ScriptKind.Versioned, "1", "init")]
    [InlineData("V8.1.100.29__add_column.sql", ScriptKind.Versioned, "8.1.100.29", "add_column")]
    [InlineData("V1_2__x.sql", ScriptKind.Versioned, "1_2", "x")]
    [InlineData("V20191100000001000000__timestamped.sql", ScriptKind.Versioned, "20191100000001000000", "timestamped")]
    [InlineData("U3__drop_idx.sql", ScriptKind.Undo, "3", "drop_idx")]
    [InlineData("U8.1.100.29__revert.sql", ScriptKind.Undo, "8.1.100.29", "revert")]
    [InlineData("R__views.sql", ScriptKind.Repeatable, null, "views")]
    [InlineData("R__create-or-replace_report views.sql", ScriptKind.Repeatable, null, "create-or-replace_report views")]
    [InlineData("V2__with-dash_and_123.sql", ScriptKind.Versioned, "2", "with-dash_and_123")]
    [InlineData("V3__two__underscores.sql", ScriptKind.Versioned, "3", "two__underscores")]
    public void Prefixed_names(string fileName, ScriptKind kind, string? version, string description)
    {
        var name = Valid(fileName);

        Assert.Equal(kind, name.Kind);
        Assert.Equal(version, name.Version?.Text);
        Assert.Equal(description, name.Description);
        Assert.Null(name.Engine);
    }

    [Theory]
    [InlineData("v1__a.SQL", ScriptKind.Versioned, "1")]
    [InlineData("V1__a.Sql", ScriptKind.Versioned, "1")]
    [InlineData("u1__a.sql", ScriptKind.Undo, "1")]
    [InlineData("r__a.sql", ScriptKind.Repeatable, null)]
    [InlineData("R__a.SQL", ScriptKind.Repeatable, null)]
    public void Names_are_case_insensitive(string fileName, ScriptKind kind, string? version)
    {
        var name = Valid(fileName);

        Assert.Equal(kind, name.Kind);
        Assert.Equal(version, name.Version?.Text);
        Assert.Equal("a", name.Description);
    }

    [Theory]
    [InlineData("postgres", "postgres")]
    [InlineData("postgre", "postgres")]
    [InlineData("pg", "postgres")]
    [InlineData("sqlite", "sqlite")]
    [InlineData("mysql", "mysql")]
    [InlineData("mariadb", "mysql")]
    [InlineData("mssql", "mssql")]
    [InlineData("ora", "ora")]
    [InlineData("db2", "db2")]
    [InlineData("PG", "postgres")]
    [InlineData("MariaDB", "mysql")]
    public void Vendor_names_with_every_engine_alias(string alias, string engine)
    {
        var name = Valid($"Upgrade_8.1.100.29_{alias}.sql");

        Assert.Equal(ScriptKind.Versioned, name.Kind);
        Assert.Equal("8.1.100.29", name.Version!.Text);
        Assert.Equal(engine, name.Engine);
    }

    [Theory]
    [InlineData("Upgrade_8_1_100_29_pg.sql", "8_1_100_29", "postgres")]
    [InlineData("upgrade_8.1.100.29_postgres.sql", "8.1.100.29", "postgres")]
    [InlineData("UPGRADE_8.1.100.29_SQLITE.SQL", "8.1.100.29", "sqlite")]
    [InlineData("Upgrade_7_mysql.sql", "7", "mysql")]
    [InlineData("Upgrade_8.1_100.29_db2.sql", "8.1_100.29", "db2")]
    public void Vendor_names_with_underscore_versions_and_any_case(string fileName, string version, string engine)
    {
        var name = Valid(fileName);

        Assert.Equal(ScriptKind.Versioned, name.Kind);
        Assert.Equal(version, name.Version!.Text);
        Assert.Equal(SchemaVersion.Parse(version.Replace('_', '.')), name.Version);
        Assert.Equal(engine, name.Engine);
    }

    [Fact]
    public void Underscore_vendor_version_equals_dotted_one()
    {
        Assert.Equal(Valid("Upgrade_8.1.100.29_postgres.sql").Version, Valid("Upgrade_8_1_100_29_pg.sql").Version);
    }

    [Theory]
    [InlineData("V3__idx.postgres.sql", ScriptKind.Versioned, "3", "idx", "postgres")]
    [InlineData("V3__idx.pg.sql", ScriptKind.Versioned, "3", "idx", "postgres")]
    [InlineData("V3__idx.PG.SQL", ScriptKind.Versioned, "3", "idx", "postgres")]
    [InlineData("U3__idx.sqlite.sql", ScriptKind.Undo, "3", "idx", "sqlite")]
    [InlineData("R__views.mariadb.sql", ScriptKind.Repeatable, null, "views", "mysql")]
    [InlineData("R__views.mssql.sql", ScriptKind.Repeatable, null, "views", "mssql")]
    [InlineData("V1__add.users.pg.sql", ScriptKind.Versioned, "1", "add.users", "postgres")]
    public void Engine_suffix_makes_a_variant(string fileName, ScriptKind kind, string? version, string description, string engine)
    {
        var name = Valid(fileName);

        Assert.Equal(kind, name.Kind);
        Assert.Equal(version, name.Version?.Text);
        Assert.Equal(description, name.Description);
        Assert.Equal(engine, name.Engine);
    }

    [Theory]
    [InlineData("V1__add.users.sql", "add.users")]
    [InlineData("V1__v1.2.sql", "v1.2")]
    [InlineData("R__report.daily.sql", "report.daily")]
    [InlineData("V1__postgres.sql", "postgres")]
    [InlineData("V1__pg.fix.sql", "pg.fix")]
    [InlineData("V1__move.oracle.sql", "move.oracle")]
    public void Dots_in_descriptions_that_are_not_engines_stay_in_the_description(string fileName, string description)
    {
        var name = Valid(fileName);

        Assert.Equal(description, name.Description);
        Assert.Null(name.Engine);
    }

    [Theory]
    [InlineData("init.sql")]
    [InlineData("001_init.sql")]
    [InlineData("X1__a.sql")]
    [InlineData("Migration1__a.sql")]
    [InlineData("V.sql")]
    [InlineData("_V1__a.sql")]
    [InlineData(".sql")]
    public void Unknown_names_are_rejected(string fileName)
    {
        var error = Invalid(fileName);

        Assert.Contains("unknown script name", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_sql_is_rejected()
    {
        Assert.Contains(".sql", Invalid("V1__a.txt"), StringComparison.Ordinal);
        Invalid("V1__a.sql.bak");
    }

    [Theory]
    [InlineData("V1_a.sql")]
    [InlineData("V1.sql")]
    [InlineData("R_views.sql")]
    [InlineData("README.sql")]
    [InlineData("U1-a.sql")]
    public void Missing_double_underscore_is_rejected(string fileName)
    {
        Assert.Contains("'__'", Invalid(fileName), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("V1.x__a.sql", "1.x")]
    [InlineData("V1..2__a.sql", "1..2")]
    [InlineData("V1.2.__a.sql", "1.2.")]
    [InlineData("V-1__a.sql", "-1")]
    [InlineData("Vx__a.sql", "x")]
    [InlineData("U1.a__b.sql", "1.a")]
    [InlineData("Upgrade_8.x_pg.sql", "8.x")]
    [InlineData("Upgrade_8..1_pg.sql", "8..1")]
    [InlineData("Upgrade_8.1._pg.sql", "8.1.")]
    public void Bad_versions_are_rejected_and_quoted(string fileName, string versionText)
    {
        var error = Invalid(fileName);

        Assert.Contains("bad version", error, StringComparison.Ordinal);
        Assert.Contains($"'{versionText}'", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("V 1__a.sql")]
    [InlineData("V1 __a.sql")]
    [InlineData("U 2__a.sql")]
    [InlineData("Upgrade_ 8.1_pg.sql")]
    [InlineData("Upgrade_8.1 _pg.sql")]
    public void Whitespace_around_a_file_name_version_is_a_bad_version(string fileName)
    {
        Assert.Contains("bad version", Invalid(fileName), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("V__a.sql")]
    [InlineData("U__a.sql")]
    public void Versioned_and_undo_need_a_version(string fileName)
    {
        Assert.Contains("missing version", Invalid(fileName), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("V1__.sql")]
    [InlineData("R__.sql")]
    [InlineData("V1__.pg.sql")]
    public void A_description_is_required(string fileName)
    {
        Assert.Contains("missing description", Invalid(fileName), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("R1__views.sql")]
    [InlineData("R1.2__views.sql")]
    [InlineData("r3__views.pg.sql")]
    public void A_repeatable_with_a_version_is_rejected(string fileName)
    {
        Assert.Contains("repeatable script has no version", Invalid(fileName), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Upgrade_8.1.100.29_oracle.sql", "oracle")]
    [InlineData("Upgrade_8.1.100.29_sqlserver.sql", "sqlserver")]
    [InlineData("Upgrade_8_1_100_29.sql", "29")]
    [InlineData("Upgrade_8.1_.sql", "")]
    public void Unknown_vendor_engines_are_rejected(string fileName, string engine)
    {
        var error = Invalid(fileName);

        Assert.Contains($"unknown engine '{engine}'", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Upgrade_8.1.100.29.sql")]
    [InlineData("Upgrade_pg.sql")]
    [InlineData("Upgrade__pg.sql")]
    public void Vendor_names_need_a_version_and_an_engine(string fileName)
    {
        Assert.Contains("Upgrade_<version>_<engine>.sql", Invalid(fileName), StringComparison.Ordinal);
    }
}
