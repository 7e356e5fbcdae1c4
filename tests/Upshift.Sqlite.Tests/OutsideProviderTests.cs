using Upshift.Sessions;
using Upshift.Sources;
using Microsoft.Data.Sqlite;
using Upshift.Catalog;
using Upshift.Conformance;
using Upshift.Diagnostics;
using Upshift.Engine;
using Upshift.History;
using Upshift.Providers;

namespace Upshift.Sqlite.Tests;

/// <summary>A provider from outside this repository registers like ours: its scheme, its names, its script variants.</summary>
public sealed class OutsideProviderTests
{
    [Fact]
    public async Task An_outside_provider_is_resolved_by_its_url_scheme_and_by_its_names()
    {
        await using var db = new SqliteTestDatabase();
        var registry = new ProviderRegistry().AddSqlite().Add(new FakeSqliteFactory());
        var settings = new ProviderSettings(HistoryTable.Default, new Redactor());

        await using var byUrl = registry.Create("FAKE-SQLITE:" + db.FilePath, null, settings);
        await using var byAlias = registry.Create($"Data Source={db.FilePath}", "fk", settings);
        await using var ours = registry.Create(db.Url, null, settings);

        Assert.IsType<DecoratingProvider>(byUrl);
        Assert.Equal("fake", byUrl.Engine);
        Assert.Equal("fake", byAlias.Engine);
        Assert.Equal("sqlite", ours.Engine);
        Assert.Same(registry.FindByScheme("fake-sqlite"), registry.Find("FAKE"));
        Assert.Equal("fake", registry.EngineOf("fk"));
        Assert.Equal("expected sqlite:PATH or fake-sqlite:PATH (or a connection string with --provider sqlite|fake)", registry.Usage);
    }

    [Fact]
    public async Task An_outside_provider_migrates_and_gets_the_variants_written_for_its_engine()
    {
        using var scripts = new ScriptFolder();
        scripts.Write("V1__base.sql", "CREATE TABLE base (id int);")
            .Write("V2__idx.sql", "CREATE TABLE plain_two (id int);")
            .Write("V2__idx.fk.sql", "CREATE TABLE fake_two (id int);")
            .Write("V2__idx.sqlite.sql", "CREATE TABLE lite_two (id int);");
        var registry = new ProviderRegistry().AddSqlite().Add(new FakeSqliteFactory());
        await using var fakeDb = new SqliteTestDatabase();
        await using var sqliteDb = new SqliteTestDatabase();

        foreach (var (db, url) in new[] { (fakeDb, "fake-sqlite:" + fakeDb.FilePath), (sqliteDb, sqliteDb.Url) })
        {
            await using var provider = registry.Create(url, null, new ProviderSettings(HistoryTable.Default, new Redactor()));
            await using var session = UpgradeSession.Create(provider, new UpgradeOptions { Scripts = ScriptSources.Folder(scripts.Path), EngineWords = registry });
            var report = await session.MigrateAsync();
            Assert.True(report.Succeeded, report.Error?.Message);
        }

        Assert.True(await fakeDb.TableExistsAsync("fake_two"));
        Assert.False(await fakeDb.TableExistsAsync("lite_two"));
        Assert.True(await sqliteDb.TableExistsAsync("lite_two"));
        Assert.False(await sqliteDb.TableExistsAsync("fake_two"));
        Assert.False(await fakeDb.TableExistsAsync("plain_two") || await sqliteDb.TableExistsAsync("plain_two"));
    }

    [Fact]
    public void An_application_that_registers_only_sqlite_skips_the_scripts_written_for_other_engines()
    {
        var registry = new ProviderRegistry().AddSqlite();

        var catalog = CatalogLoader.Load(Path.Combine(FindExamples(), "interaction-db", "scripts"), "sqlite", registry);

        Assert.Null(registry.Find("postgres"));
        Assert.Equal("postgres", registry.EngineOf("postgres"));
        Assert.Equal(6, catalog.Versioned.Count);
        Assert.All(catalog.Versioned, s => Assert.EndsWith("_sqlite.sql", s.FileName, StringComparison.Ordinal));
        Assert.Equal(["R__reporting_views.sqlite.sql"], catalog.Repeatable.Select(s => s.FileName));
    }

    private static string FindExamples()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "examples");
            if (Directory.Exists(Path.Combine(candidate, "interaction-db")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("examples/interaction-db not found above " + AppContext.BaseDirectory);
    }

    /// <summary>What a provider package from elsewhere would ship: here, SQLite under another engine name and scheme.</summary>
    private sealed class FakeSqliteFactory : IProviderFactory
    {
        public string Engine => "fake";

        public IReadOnlyList<string> Aliases { get; } = ["fk"];

        public IReadOnlyList<string> UrlSchemes { get; } = ["fake-sqlite"];

        public string UrlExample => "fake-sqlite:PATH";

        public IDatabaseProvider Create(ProviderAddress address, ProviderSettings settings)
        {
            address.RegisterSecrets(settings.Redactor);
            var path = address.IsUrl ? address.Text[(address.Scheme!.Length + 1)..] : new SqliteConnectionStringBuilder(address.Text).DataSource;
            return new DecoratingProvider(SqliteProvider.FromUrl("sqlite:" + path), engine: Engine);
        }
    }
}
