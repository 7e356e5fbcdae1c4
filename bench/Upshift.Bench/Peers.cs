using Upshift.Sessions;
using Upshift.Sources;
using DbUp;
using EvolveDb;
using EvolveDb.Configuration;
using EvolveDb.Dialect;
using Npgsql;
using Upshift.Engine;
using Upshift.Postgres;
using Upshift.Providers;

namespace Upshift.Bench;

/// <summary>One way of applying a scripts folder to a database, inside this process.</summary>
internal interface IInProcessTool
{
    string Name { get; }

    /// <summary>Applies what is pending in <paramref name="scripts"/>; a no-op when everything is applied.</summary>
    Task MigrateAsync(BenchDatabase server, string database, string scripts);
}

/// <summary>Upshift's library, as an application would call it: a new provider and migrator per call.</summary>
internal sealed class UpshiftLibrary : IInProcessTool
{
    private static readonly ProviderRegistry Words = new ProviderRegistry().AddPostgres();

    public string Name => "upshift (library)";

    public async Task MigrateAsync(BenchDatabase server, string database, string scripts)
    {
        await using var session = UpgradeSession.Open(PostgresProvider.FromUrl(server.Url(database)), new UpgradeOptions { Scripts = ScriptSources.Folder(scripts), EngineWords = Words });
        var report = await session.MigrateAsync().ConfigureAwait(false);
        if (report.Error is { } error)
        {
            throw new InvalidOperationException("upshift failed: " + error.Message, error);
        }
    }
}

/// <summary>
/// DbUp with one transaction per script, as Upshift runs them (DbUp's default is no transaction at all).
/// DbUp has no migration lock and sorts scripts by name, hence the zero-padded versions of the generator.
/// </summary>
internal sealed class DbUpTool : IInProcessTool
{
    public string Name => "DbUp 7.0.1";

    public Task MigrateAsync(BenchDatabase server, string database, string scripts)
    {
        var result = DeployChanges.To
            .PostgresqlDatabase(server.ConnectionString(database))
            .WithScriptsFromFileSystem(scripts)
            .WithTransactionPerScript()
            .LogToNowhere()
            .Build()
            .PerformUpgrade();
        return result.Successful ? Task.CompletedTask : throw new InvalidOperationException("DbUp failed: " + result.Error?.Message, result.Error);
    }
}

/// <summary>Evolve with its defaults: one transaction per script (CommitEach) and its advisory lock (cluster mode).</summary>
internal sealed class EvolveTool : IInProcessTool
{
    public string Name => "Evolve 3.2.0";

    public Task MigrateAsync(BenchDatabase server, string database, string scripts)
    {
        using var connection = new NpgsqlConnection(server.ConnectionString(database));
        var evolve = new Evolve(connection, _ => { }, DBMS.PostgreSQL)
        {
            Locations = [scripts],
            IsEraseDisabled = true,
            TransactionMode = TransactionKind.CommitEach,
            EnableClusterMode = true,
        };
        evolve.Migrate();
        return Task.CompletedTask;
    }
}

/// <summary>
/// Upshift's library for repeated no-op calls, as a host that migrates on demand keeps it: one session (its provider,
/// connection and script source) for the life of the process, and <c>MigrateAsync()</c> called again.
/// </summary>
internal sealed class WarmUpshift(BenchDatabase server, string database, string scripts) : IAsyncDisposable
{
    private static readonly ProviderRegistry Words = new ProviderRegistry().AddPostgres();
    private readonly UpgradeSession _session = UpgradeSession.Open(PostgresProvider.FromUrl(server.Url(database)), new UpgradeOptions { Scripts = ScriptSources.Folder(scripts), EngineWords = Words });

    public async Task<int> MigrateAsync()
    {
        var report = await _session.MigrateAsync().ConfigureAwait(false);
        return report.Error is null ? report.Steps.Count : throw new InvalidOperationException("upshift failed: " + report.Error.Message, report.Error);
    }

    public ValueTask DisposeAsync() => _session.DisposeAsync();
}
