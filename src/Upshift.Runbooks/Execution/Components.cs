using Upshift.Diagnostics;
using Upshift.History;
using Upshift.Providers;
using Upshift.Sessions;
using Upshift.Sources;

namespace Upshift.Runbooks.Execution;

/// <summary>
/// Opens upgrade sessions on a runbook's components: the same session the CLI and the hosting package use. The
/// providers that checks and SQL waits query through are kept for the run, so a wait polling every 100 ms reuses its
/// provider's pooled connections instead of building a provider (and a pool) per poll.
/// </summary>
internal sealed class Components(Runbook runbook, ProviderRegistry registry, Redactor redactor, RunbookOptions options) : IAsyncDisposable
{
    private readonly Dictionary<string, IDatabaseProvider> _queried = new(StringComparer.Ordinal);

    public Redactor Redactor => redactor;

    /// <summary>A session on <paramref name="name"/> with <paramref name="scripts"/>, or the component's own folder (its newest release's).</summary>
    public UpgradeSession Open(string name, IScriptSource? scripts = null, Versions.SchemaVersion? target = null, Catalog.MigrationPhase? phase = null)
    {
        var component = runbook.Components[name];
        var history = HistoryOf(component);
        var provider = CreateProvider(component);
        var folder = component.Scripts ?? component.Releases.LastOrDefault();
        var upgrade = new UpgradeOptions
        {
            Scripts = scripts ?? (folder is null ? ScriptSources.InMemory(new Dictionary<string, string>()) : ScriptSources.Folder(runbook.PathOf(folder))),
            HistoryTable = history,
            // Every registered engine's word, so that a script for another engine (R__procs.mysql.sql) is left out.
            EngineWords = registry,
            VersionQuery = component.VersionQuery,
            LockTimeout = options.LockTimeout,
            Target = target,
            Phase = phase,
        };
        return UpgradeSession.Open(provider, upgrade, options.MigrationObserver?.Invoke(name));
    }

    /// <summary>The component's current schema version: from its history, else its version query; null for a new database.</summary>
    public async Task<Versions.SchemaVersion?> VersionAsync(string name, CancellationToken cancellationToken)
    {
        await using var session = Open(name);
        var plan = await session.PlanAsync(cancellationToken).ConfigureAwait(false);
        return plan.From ?? plan.AdoptedVersion;
    }

    /// <summary>
    /// The first column of the first row of <paramref name="sql"/> as text (NULL: null), or with <paramref name="countRows"/>
    /// the number of rows it returns. Read on a connection of its own, outside any transaction the run holds.
    /// </summary>
    public async Task<string?> QueryAsync(string name, string sql, bool countRows, CancellationToken cancellationToken)
    {
        if (!_queried.TryGetValue(name, out var provider))
        {
            var component = runbook.Components[name];
            provider = _queried[name] = CreateProvider(component);
        }

        await using var connection = await provider.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (countRows)
        {
            var rows = 0L;
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows++;
            }

            return rows.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false) || reader.IsDBNull(0))
        {
            return null;
        }

        return Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var provider in _queried.Values)
        {
            await provider.DisposeAsync().ConfigureAwait(false);
        }

        _queried.Clear();
    }

    /// <summary>A provider for the component's database (not yet connected); its password joins the run's secrets.</summary>
    public IDatabaseProvider CreateProvider(RunbookComponent component) =>
        registry.Create(Db(component), null, new ProviderSettings(HistoryOf(component), redactor));

    private static HistoryTable HistoryOf(RunbookComponent component) =>
        component.HistoryTable is { } table ? HistoryTable.Parse(table) : HistoryTable.Default;

    /// <summary>The component's URL, a relative <c>sqlite:</c> path made relative to the runbook's folder.</summary>
    public string Db(RunbookComponent component)
    {
        var db = component.Db;
        foreach (var scheme in new[] { "sqlite:", "sqlite://" })
        {
            if (db.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) && !db.StartsWith("sqlite:///", StringComparison.OrdinalIgnoreCase))
            {
                var path = db[scheme.Length..];
                var query = path.IndexOf('?', StringComparison.Ordinal);
                var file = query >= 0 ? path[..query] : path;
                if (file.Length > 0 && file != ":memory:" && !Path.IsPathRooted(file))
                {
                    return "sqlite:" + runbook.PathOf(file) + (query >= 0 ? path[query..] : string.Empty);
                }

                return db;
            }
        }

        if (!db.Contains("://", StringComparison.Ordinal) && !db.Contains('=', StringComparison.Ordinal) && db.EndsWith(".db", StringComparison.OrdinalIgnoreCase) && !Path.IsPathRooted(db))
        {
            return runbook.PathOf(db);
        }

        return db;
    }
}
