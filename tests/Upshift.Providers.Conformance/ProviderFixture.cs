using System.Globalization;
using Upshift.Diagnostics;
using Upshift.History;

namespace Upshift.Providers.Conformance;

/// <summary>
/// One fresh, empty database on the engine's real server, for one test of <see cref="ProviderConformance"/>; dropped
/// on dispose. A provider's test project implements this once for its engine. Implementer's checklist:
/// <list type="number">
/// <item><see cref="Url"/> addresses a database that no other test uses; <see cref="Registry"/> holds the engine's
/// factory, registered as an application would (<c>new ProviderRegistry().AddXxx()</c>).</item>
/// <item><see cref="ExecuteAsync"/> and <see cref="ScalarAsync"/> go through the engine's driver directly, not through the
/// provider under test: they are the suite's independent view of the database.</item>
/// <item>The engine cases (<see cref="SplitCases"/>, <see cref="NoTransactionStatement"/>, ...) give what only the engine
/// knows. <see cref="CapabilitiesLacking"/> names what the engine cannot do; every other capability must be offered
/// and must work.</item>
/// <item>An engine with server sessions (one connection can end another's) derives its suite from
/// <see cref="ServerProviderConformance"/> and gives <see cref="SessionIdExpression"/> and <see cref="KillSessionStatement"/>.</item>
/// </list>
/// </summary>
public abstract class ProviderFixture : IAsyncDisposable
{
    /// <summary>The database's address, as a user passes it to <c>--db</c>.</summary>
    public abstract string Url { get; }

    /// <summary>A registry with the engine's provider, as an application builds it.</summary>
    public abstract ProviderRegistry Registry { get; }

    /// <summary>The factory that the registry picks for <see cref="Url"/>.</summary>
    public IProviderFactory Factory =>
        ProviderAddress.FromUrl(Url).Scheme is { } scheme && Registry.FindByScheme(scheme) is { } factory
            ? factory
            : throw new InvalidOperationException($"no registered factory reads {ProviderAddress.FromUrl(Url)}");

    /// <summary>
    /// Script texts that only a splitter knowing this engine splits right (bodies, quotes and comments holding the
    /// delimiter, client commands). Each is applied as a script of its own, in the order given, to one database.
    /// </summary>
    public abstract IReadOnlyList<SplitCase> SplitCases { get; }

    /// <summary>
    /// The id of the current server session as a SQL expression (e.g. <c>pg_backend_pid()</c>), for
    /// <see cref="ServerProviderConformance"/>; null for an engine without server sessions that another connection could
    /// end (an embedded database).
    /// </summary>
    public virtual string? SessionIdExpression => null;

    /// <summary>
    /// The capabilities (names of nullable <see cref="ProviderCapabilities"/> members, e.g. <c>CommitInBatch</c>) that the
    /// engine does not have. The suite checks that the provider offers every other one, and tests each one it offers.
    /// </summary>
    public virtual IReadOnlyCollection<string> CapabilitiesLacking => [];

    /// <summary>
    /// A statement that the engine's statement rules keep out of a script's transaction, because the engine refuses it
    /// inside one (e.g. <c>CREATE INDEX CONCURRENTLY</c>, <c>VACUUM</c>) or commits implicitly. It may use
    /// <paramref name="table"/>, which has an integer column <paramref name="column"/>; running it twice must do the
    /// same thing twice (twice the same index name, for instance).
    /// </summary>
    public abstract string NoTransactionStatement(string table, string column);

    /// <summary>A statement that ends the server session <paramref name="sessionId"/> (a value of <see cref="SessionIdExpression"/>).</summary>
    public virtual string KillSessionStatement(string sessionId) =>
        throw new NotSupportedException("the fixture declares no server sessions (SessionIdExpression is null)");

    /// <summary>
    /// A statement that the engine's rules call a session setting, and an expression that reads it: a script resumed on a
    /// new connection must see it again.
    /// </summary>
    public abstract SessionSettingCase SessionSetting { get; }

    /// <summary>
    /// A provider for this database, made by <see cref="Factory"/> as a session makes it, keeping its history in
    /// <paramref name="historyTable"/> (default <c>upshift_history</c>). The caller disposes it.
    /// </summary>
    public IDatabaseProvider CreateProvider(HistoryTable? historyTable = null) =>
        Factory.Create(ProviderAddress.FromUrl(Url), new ProviderSettings(historyTable ?? HistoryTable.Default, new Redactor()));

    /// <summary>Runs SQL (one or more statements, as the driver allows) on a new connection of the engine's driver.</summary>
    public abstract Task ExecuteAsync(string sql);

    /// <summary>The first value of the first row of a query, on a new connection of the engine's driver; null for SQL NULL.</summary>
    public abstract Task<object?> ScalarAsync(string sql);

    /// <summary>A query's single number.</summary>
    public async Task<long> CountAsync(string sql) => Convert.ToInt64(await ScalarAsync(sql), CultureInfo.InvariantCulture);

    /// <summary>A query's single value as invariant text; null for SQL NULL.</summary>
    public async Task<string?> TextAsync(string sql) => await ScalarAsync(sql) is { } value and not DBNull ? Convert.ToString(value, CultureInfo.InvariantCulture) : null;

    /// <summary>Drops the database and everything the test left in it.</summary>
    public abstract ValueTask DisposeAsync();
}

/// <summary>A script that only a splitter knowing the engine splits right.</summary>
/// <param name="Name">What the case is about, for failure messages.</param>
/// <param name="Script">The script text.</param>
/// <param name="Lines">The 1-based line on which each statement starts, in order: the statements the engine's client would send.</param>
/// <param name="Check">A query run afterwards on a new connection, whose single value proves the statements did what the script says.</param>
/// <param name="Expected">The value of <paramref name="Check"/>, as invariant text.</param>
public sealed record SplitCase(string Name, string Script, IReadOnlyList<int> Lines, string Check, string Expected);

/// <summary>A session setting that a resumed script must see again.</summary>
/// <param name="Statement">A statement that the engine's rules call a session setting (e.g. <c>SET @n := 41</c>).</param>
/// <param name="Expression">An integer SQL expression that reads the setting (e.g. <c>@n + 1</c>).</param>
/// <param name="Expected">The value of <paramref name="Expression"/> in a session that ran <paramref name="Statement"/>.</param>
public sealed record SessionSettingCase(string Statement, string Expression, long Expected);
