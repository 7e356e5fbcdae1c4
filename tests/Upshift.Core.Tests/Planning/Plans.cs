using Upshift.Catalog;
using Upshift.History;
using Upshift.Planning;
using Upshift.Postgres;
using Upshift.Sql;
using Upshift.Versions;

namespace Upshift.Tests.Planning;

/// <summary>Builds catalogs and history rows by hand, so that planner tests state their whole world in a few lines.</summary>
internal static class Plans
{
    private static readonly DateTime At = new(2024, 6, 1, 12, 0, 0, DateTimeKind.Utc);

    public static IStatementSplitter Splitter => PostgresStatementSplitter.Instance;

    public static SchemaVersion V(string text) => SchemaVersion.Parse(text);

    /// <summary>A script as the loader would produce it; the default text is one statement unique to the file.</summary>
    public static MigrationScript Script(string path, string? text = null)
    {
        var name = ScriptNameParser.Parse(Path.GetFileName(path), TestEngines.Words, out var error) ?? throw new ArgumentException(error, nameof(path));
        text ??= $"-- {path}\nSELECT 1;\n";
        return new MigrationScript(name, path, "/scripts/" + path, Checksums.Of(text), text, ScriptDirectives.None);
    }

    /// <summary>Vendor-style versioned scripts <c>Upgrade_8.1.100.N_postgres.sql</c>.</summary>
    public static MigrationScript Upgrade(int build, string? text = null) => Script($"Upgrade_8.1.100.{build}_postgres.sql", text);

    public static ScriptCatalog CatalogOf(params MigrationScript[] scripts) => new(
        "postgres",
        [.. scripts.Where(s => s.Kind == ScriptKind.Versioned)],
        [.. scripts.Where(s => s.Kind == ScriptKind.Repeatable)],
        [.. scripts.Where(s => s.Kind == ScriptKind.Undo)]);

    /// <summary>A history row for an attempt at <paramref name="script"/>; by default a success with the script's checksum.</summary>
    public static HistoryRow Row(long rank, MigrationScript script, bool success = true, int statementsDone = 0, string? statementHashes = null, string? checksum = null) => new()
    {
        Rank = rank,
        Version = script.Version?.Text,
        Description = script.Description,
        Kind = script.Kind == ScriptKind.Repeatable ? HistoryKind.Repeatable : HistoryKind.Versioned,
        Script = script.Path,
        Checksum = checksum ?? script.Checksum,
        AppliedBy = "tester",
        AppliedAt = At.AddMinutes(rank),
        DurationMs = 5,
        Success = success,
        StatementsDone = statementsDone,
        StatementHashes = statementHashes,
    };

    public static HistoryRow Baseline(long rank, string version) => new()
    {
        Rank = rank,
        Version = version,
        Description = "baseline",
        Kind = HistoryKind.Baseline,
        Script = "<< baseline >>",
        Checksum = null,
        AppliedBy = "tester",
        AppliedAt = At.AddMinutes(rank),
        DurationMs = 0,
        Success = true,
        StatementsDone = 0,
    };

    public static HistoryRow Undo(long rank, MigrationScript undo, bool success = true) => Row(rank, undo, success) with { Kind = HistoryKind.Undo };

    public static MigrationPlan Build(ScriptCatalog catalog, IReadOnlyList<HistoryRow> rows, string? adopted = null, string? target = null, bool outOfOrder = false) =>
        Planner.Build(catalog, rows, adopted is null ? null : V(adopted), new PlanOptions(target is null ? null : V(target), outOfOrder), Splitter);

    /// <summary>The steps as "path:state" strings, in order.</summary>
    public static string[] Steps(MigrationPlan plan) => [.. plan.Steps.Select(s => $"{s.Script.Path}:{s.State.ToWire()}")];

    public static MigrationState StateOf(MigrationPlan plan, string path) => Assert.Single(plan.Entries, e => e.Script == path).State;

    /// <summary>The space-separated statement hashes that the engine records after the first <paramref name="count"/> statements.</summary>
    public static string HashesOfFirst(string text, int count) =>
        string.Join(' ', Splitter.Split(text).Take(count).Select(s => StatementHashes.Of(s.Text)));
}
