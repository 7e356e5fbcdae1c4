using System.Data.Common;
using System.Globalization;
using Upshift.Engine;
using Upshift.History;
using Upshift.Sessions;
using Upshift.Sources;

namespace Upshift.Providers.Conformance;

/// <summary>
/// The provider seam's contract, run in-process against one provider on its real server: locking, history, statement
/// rules, resume, the declared capabilities and the table streams of backups. A provider's test project runs it by
/// deriving one class that supplies its <see cref="ProviderFixture"/>:
/// <code>
/// public sealed class MyEngineProviderConformanceTests : ProviderConformance
/// {
///     protected override async Task&lt;ProviderFixture&gt; CreateFixtureAsync() =&gt; await MyEngineTestDatabase.CreateAsync();
/// }
/// </code>
/// (an engine with server sessions derives from <see cref="ServerProviderConformance"/> instead). What the engine can
/// do beyond the seam's minimum is read from the provider's <see cref="ProviderCapabilities"/>: every capability it
/// offers must work, and the fixture names the ones the engine lacks (<see cref="ProviderFixture.CapabilitiesLacking"/>),
/// so that a provider cannot lose one unnoticed. Every test makes its own databases, so the suite runs beside other
/// test classes.
/// </summary>
public abstract partial class ProviderConformance
{
    /// <summary>How long a step that could hang if the seam broke may take before the test fails instead of hanging.</summary>
    protected static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(2);

    /// <summary>A fresh, empty database of the engine under test; each call makes another one.</summary>
    protected abstract Task<ProviderFixture> CreateFixtureAsync();

    /// <summary>A session over <paramref name="db"/> with <paramref name="scripts"/> (path → text); the session owns its provider.</summary>
    protected static UpgradeSession Session(ProviderFixture db, IReadOnlyDictionary<string, string> scripts, UpgradeOptions? options = null, IMigrationObserver? observer = null)
    {
        var configured = (options ?? new UpgradeOptions()) with { Scripts = ScriptSources.InMemory(scripts), EngineWords = db.Registry };
        return UpgradeSession.Open(db.CreateProvider(configured.HistoryTable), configured, observer);
    }

    /// <summary>Migrates <paramref name="db"/> to <paramref name="scripts"/> in a session of its own and returns the report.</summary>
    protected static async Task<MigrationReport> MigrateAsync(ProviderFixture db, IReadOnlyDictionary<string, string> scripts, UpgradeOptions? options = null)
    {
        await using var session = Session(db, scripts, options);
        return await Task.Run(() => session.MigrateAsync()).WaitAsync(HangGuard);
    }

    /// <summary>
    /// Runs one statement on <paramref name="connection"/>, as the engine runs script statements: with the command timeout
    /// the rules ask for (<see cref="IStatementRules.CommandTimeout"/>; default none). On a thread of its own, so that a
    /// driver that waits synchronously still fails the test after <see cref="HangGuard"/>.
    /// </summary>
    protected static async Task ExecuteOnAsync(DbConnection connection, string sql, DbTransaction? transaction = null, int commandTimeout = 0)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.CommandTimeout = commandTimeout;
        await Task.Run(() => command.ExecuteNonQueryAsync()).WaitAsync(HangGuard);
    }

    /// <summary>A query's single value on <paramref name="connection"/>, as invariant text; null for SQL NULL or no row.</summary>
    protected static async Task<string?> TextOnAsync(DbConnection connection, string sql, DbTransaction? transaction = null)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return await Task.Run(() => command.ExecuteScalarAsync()).WaitAsync(HangGuard) is { } value and not DBNull ? Convert.ToString(value, CultureInfo.InvariantCulture) : null;
    }

    /// <summary>
    /// True when the provider does not offer a capability, after asserting that the fixture says the engine lacks it
    /// (<see cref="ProviderFixture.CapabilitiesLacking"/>): a test of a capability the engine has can never pass by
    /// finding it missing, and the list of what an engine lacks is checked as a whole by
    /// <see cref="The_provider_declares_every_capability_the_engine_has"/>.
    /// </summary>
    protected static bool LacksAsDeclared(ProviderFixture db, object? capability, string name)
    {
        if (capability is not null)
        {
            return false;
        }

        Assert.Contains(name, db.CapabilitiesLacking);
        return true;
    }

    /// <summary>The provider's session guards, as the engine applies them to its migration connection.</summary>
    protected static async Task ApplySessionSetupAsync(IDatabaseProvider provider, DbConnection connection, TimeSpan lockTimeout)
    {
        foreach (var statement in provider.SessionSetup(lockTimeout))
        {
            await ExecuteOnAsync(connection, statement);
        }
    }

    /// <summary>Whether <paramref name="table"/> can be read: the suite's engine-neutral test for a table's existence.</summary>
    protected static async Task<bool> CanReadAsync(ProviderFixture db, string table)
    {
        try
        {
            await db.ScalarAsync($"SELECT count(*) FROM {table}");
            return true;
        }
        catch (DbException)
        {
            return false;
        }
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; a database error (a table not there yet) counts as false.</summary>
    protected static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var deadline = new CancellationTokenSource(HangGuard);
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (DbException)
            {
                // Not there yet.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), deadline.Token);
        }
    }

    /// <summary>The history as a new session reads it.</summary>
    protected static async Task<IReadOnlyList<HistoryRow>> HistoryAsync(ProviderFixture db, IReadOnlyDictionary<string, string> scripts, UpgradeOptions? options = null)
    {
        await using var session = Session(db, scripts, options);
        var plan = await Task.Run(() => session.StatusAsync()).WaitAsync(HangGuard);
        return plan.HistoryRows;
    }
}
