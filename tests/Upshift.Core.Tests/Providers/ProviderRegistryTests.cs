using Upshift.Diagnostics;
using Upshift.Errors;
using Upshift.History;
using Upshift.MySql;
using Upshift.Postgres;
using Upshift.Providers;
using Upshift.Sqlite;

namespace Upshift.Tests.Providers;

/// <summary>--db and --provider as the CLI reads them: schemes, names, and errors that say what is expected but never a password.</summary>
public sealed class ProviderRegistryTests
{
    private const string Usage = "expected sqlite:PATH, postgres://user:pass@host:port/db or mysql://user:pass@host:port/db (or a connection string with --provider sqlite|postgres|mysql)";

    private static ProviderRegistry Registry() => new ProviderRegistry().AddSqlite().AddPostgres().AddMySql();

    private static ProviderSettings Settings(Redactor? redactor = null) => new(HistoryTable.Default, redactor ?? new Redactor());

    [Theory]
    [InlineData("sqlite:/tmp/upshift-registry.db", typeof(SqliteProvider))]
    [InlineData("SQLite:/tmp/upshift-registry.db", typeof(SqliteProvider))]
    [InlineData("postgres://u:pw1@db.example:5433/app", typeof(PostgresProvider))]
    [InlineData("postgresql://u@db.example/app", typeof(PostgresProvider))]
    [InlineData("mysql://u:pw1@db.example/app", typeof(MySqlProvider))]
    [InlineData("MariaDB://u:pw1@db.example:3307/app", typeof(MySqlProvider))]
    public async Task The_url_scheme_picks_the_provider(string db, Type expected)
    {
        await using var provider = Registry().Create(db, null, Settings());

        Assert.IsType(expected, provider);
    }

    [Theory]
    [InlineData("sqlite", "Data Source=/tmp/upshift-registry.db", "sqlite")]
    [InlineData("postgres", "Host=db.example;Database=app;Username=u", "postgres")]
    [InlineData("PostgreSQL", "Host=db.example;Database=app;Username=u", "postgres")]
    [InlineData("pg", "Host=db.example;Database=app;Username=u", "postgres")]
    [InlineData("postgre", "Host=db.example;Database=app;Username=u", "postgres")]
    [InlineData("mysql", "Server=db.example;Database=app;User ID=u", "mysql")]
    [InlineData("mariadb", "Server=db.example;Database=app;User ID=u", "mysql")]
    public async Task A_provider_name_or_alias_reads_a_connection_string(string name, string connectionString, string engine)
    {
        await using var provider = Registry().Create(connectionString, name, Settings());

        Assert.Equal(engine, provider.Engine);
    }

    [Fact]
    public void The_usage_is_built_from_the_registered_providers()
    {
        Assert.Equal(Usage, Registry().Usage);
        Assert.Equal("expected sqlite:PATH (or a connection string with --provider sqlite)", new ProviderRegistry().AddSqlite().Usage);
    }

    [Theory]
    [InlineData("oracle://scott:tiger-pw@db/orcl")]
    [InlineData("/var/lib/app.db")]
    [InlineData("Host=db;Password=tiger-pw")]
    [InlineData("postgres")]
    public void An_address_no_provider_reads_is_bad_input_with_the_usage(string db)
    {
        var error = Assert.Throws<UpshiftException>(() => Registry().Create(db, null, Settings()));

        Assert.Equal(ErrorCode.BadArguments, error.Code);
        Assert.Equal(2, error.ExitCode);
        Assert.Equal("unrecognised --db", error.Message);
        Assert.Equal(Usage, error.Hint);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    public void No_address_is_bad_input(string? db)
    {
        var error = Assert.Throws<UpshiftException>(() => Registry().Create(db, null, Settings()));

        Assert.Equal(2, error.ExitCode);
        Assert.Equal("no database given", error.Message);
        Assert.Equal("pass --db or set UPSHIFT_DB; " + Usage, error.Hint);
    }

    [Fact]
    public void An_unknown_provider_name_is_bad_input_listing_the_engines()
    {
        var error = Assert.Throws<UpshiftException>(() => Registry().Create("Host=db;Password=tiger-pw", "oracle", Settings()));

        Assert.Equal(2, error.ExitCode);
        Assert.Equal("unknown provider 'oracle'", error.Message);
        Assert.Equal("use --provider sqlite, postgres or mysql", error.Hint);
    }

    [Theory]
    [InlineData("postgres://u:tiger-pw@db:not-a-port/app", null, "tiger-pw")]
    [InlineData("mysql://u:tiger-pw@db/", null, "tiger-pw")]
    [InlineData("postgres://u:p%40ss%3Aword@db:x/app", null, "p@ss:word")]
    [InlineData("Host=db;Password=tiger-pw;No Such Key=1", "postgres", "tiger-pw")]
    [InlineData("Server=db;Pwd=tiger-pw;Database=app;No Such Key=1", "mysql", "tiger-pw")]
    [InlineData("Server=db;Password=tiger-pw", "mysql", "tiger-pw")]
    public void A_malformed_address_is_bad_input_that_never_shows_its_password(string db, string? provider, string password)
    {
        var redactor = new Redactor();

        var error = Assert.Throws<UpshiftException>(() => Registry().Create(db, provider, Settings(redactor)));

        Assert.Equal(2, error.ExitCode);
        Assert.StartsWith("cannot read --db: ", error.Message, StringComparison.Ordinal);
        Assert.Equal(Usage, error.Hint);
        Assert.DoesNotContain(password, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Uri.EscapeDataString(password), error.ToString(), StringComparison.Ordinal);
        // Registered before parsing: later messages of the session are masked too.
        Assert.Equal("login with *** failed", redactor.Redact($"login with {password} failed"));
    }

    [Fact]
    public void A_parse_error_that_quotes_the_address_is_redacted()
    {
        var registry = Registry().Add(new EchoingFactory());

        var error = Assert.Throws<UpshiftException>(() => registry.Create("echo://u:tiger-pw@db/app", null, Settings()));

        Assert.Equal("cannot read --db: cannot parse echo://u:***@db/app", error.Message);
    }

    [Fact]
    public async Task Passwords_of_urls_and_connection_strings_are_registered_for_the_session()
    {
        var redactor = new Redactor();
        var registry = Registry();

        await using (registry.Create("postgres://u:first-pw@db/app", null, Settings(redactor)))
        await using (registry.Create("Server=db;Database=app;Password=second-pw", "mysql", Settings(redactor)))
        {
            Assert.Equal("*** and ***", redactor.Redact("first-pw and second-pw"));
        }

        Assert.Equal("first-pw", new Redactor().Redact("first-pw"));
    }

    [Fact]
    public void Provider_packages_declare_the_naming_contracts_engine_words()
    {
        var registry = new ProviderRegistry().AddMySql();

        Assert.Equal("postgres", registry.EngineOf("PG"));
        Assert.Equal("mysql", registry.EngineOf("mariadb"));
        Assert.Equal("sqlite", registry.EngineOf("sqlite"));
        Assert.Equal("db2", registry.EngineOf("db2"));
        Assert.Null(registry.EngineOf("oracle"));
        Assert.Null(registry.Find("pg"));
        Assert.Equal(["mysql", "mariadb", "postgres", "postgre", "postgresql", "pg", "sqlite", "mssql", "ora", "db2"], registry.Words);
    }

    [Fact]
    public void A_providers_own_words_win_over_words_declared_for_an_engine_without_a_provider()
    {
        var before = new ProviderRegistry().Add(new OracleFactory()).AddSqlite();
        var after = new ProviderRegistry().AddSqlite().Add(new OracleFactory());

        Assert.Equal("oracle", before.EngineOf("ora"));
        Assert.Equal("oracle", after.EngineOf("ORA"));
        Assert.Same(after.Find("ora"), after.FindByScheme("oracle"));
    }

    [Fact]
    public void Claims_on_one_word_or_scheme_by_two_engines_are_refused()
    {
        var registry = Registry();

        Assert.Throws<ArgumentException>(() => registry.Add(new OracleFactory(aliases: ["pg"])));
        Assert.Throws<ArgumentException>(() => registry.Add(new OracleFactory(schemes: ["mariadb"])));
        Assert.Throws<ArgumentException>(() => new ProviderRegistry().AddSqlite().AddEngineWords("oracle", "ora", "pg"));
        Assert.Throws<ArgumentException>(() => registry.AddEngineWords("oracle", "not a word"));
        Assert.Throws<ArgumentException>(() => registry.AddEngineWords("Oracle"));
        // Words a registered provider claims stay its own; the engine's other words are still declared.
        Assert.Same(registry, registry.AddEngineWords("oracle", "orcl", "pg"));
        Assert.Equal("postgres", registry.EngineOf("pg"));
        Assert.Equal("oracle", registry.EngineOf("orcl"));
        Assert.Equal("ora", registry.EngineOf("ora"));
    }

    [Fact]
    public void Registering_a_package_twice_changes_nothing()
    {
        var registry = new ProviderRegistry().AddSqlite().AddPostgres().AddSqlite();

        Assert.Equal(["sqlite", "postgres"], registry.Factories.Select(f => f.Engine));
    }

    [Fact]
    public void An_address_never_prints_its_text()
    {
        Assert.Equal("postgres URL", ProviderAddress.FromUrl("postgres://u:tiger-pw@db/app").ToString());
        Assert.Equal("connection string", ProviderAddress.FromConnectionString("Password=tiger-pw").ToString());
    }

    private sealed class OracleFactory(string[]? aliases = null, string[]? schemes = null) : IProviderFactory
    {
        public string Engine => "oracle";

        public IReadOnlyList<string> Aliases { get; } = aliases ?? ["ora"];

        public IReadOnlyList<string> UrlSchemes { get; } = schemes ?? ["oracle"];

        public IDatabaseProvider Create(ProviderAddress address, ProviderSettings settings) => throw new NotSupportedException();
    }

    /// <summary>A provider whose parser quotes what it was given, as some drivers do.</summary>
    private sealed class EchoingFactory : IProviderFactory
    {
        public string Engine => "echo";

        public IReadOnlyList<string> Aliases { get; } = [];

        public IReadOnlyList<string> UrlSchemes { get; } = ["echo"];

        public IDatabaseProvider Create(ProviderAddress address, ProviderSettings settings)
        {
            address.RegisterSecrets(settings.Redactor);
            throw new FormatException("cannot parse " + address.Text);
        }
    }
}
