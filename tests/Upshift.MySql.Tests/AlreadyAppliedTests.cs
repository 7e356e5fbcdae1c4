using MySqlConnector;

namespace Upshift.MySql.Tests;

/// <summary>
/// The error-based half of resume, against the server's real errors: a statement that did complete must be
/// recognised; one that fails for another reason with a similar error must not be.
/// </summary>
public sealed class AlreadyAppliedTests
{
    private const string Setup = """
        CREATE TABLE p (id INT NOT NULL PRIMARY KEY, a INT NULL, b INT NULL, c INT NULL);
        CREATE TABLE q (id INT NOT NULL PRIMARY KEY, pid INT NULL);
        CREATE TABLE other (id INT NOT NULL PRIMARY KEY, pid INT NULL);
        CREATE INDEX ix_a ON p (a);
        CREATE INDEX ix_b ON p (b);
        ALTER TABLE other ADD CONSTRAINT fk_taken FOREIGN KEY (pid) REFERENCES p (id);
        CREATE TABLE t1 (id INT);
        CREATE TABLE t2 (id INT)
        """;

    /// <summary>Statements that fail on this setup although they never ran: the error proves nothing.</summary>
    public static TheoryData<string> FailuresThatProveNothing() =>
    [
        "RENAME TABLE t1 TO t2",
        "ALTER TABLE t1 RENAME TO t2",
        "ALTER TABLE p RENAME COLUMN a TO b",
        "ALTER TABLE p CHANGE a b INT NULL",
        "ALTER TABLE p CHANGE COLUMN missing d INT NULL",
        "ALTER TABLE p RENAME INDEX ix_a TO ix_b",
        "ALTER TABLE p RENAME INDEX missing TO ix_c",
        "ALTER TABLE q ADD CONSTRAINT fk_taken FOREIGN KEY (pid) REFERENCES p (id)",
        "RENAME TABLE missing TO t3",
        "INSERT INTO p (id) VALUES (1), (1)",
        "CREATE TABLE p (id INT)",
        "ALTER TABLE missing ADD COLUMN x INT",
        "DROP TABLE t1, t2, t1",
    ];

    [Theory]
    [MemberData(nameof(FailuresThatProveNothing))]
    public async Task Errors_of_statements_that_never_ran_are_not_taken_for_their_effect(string statement)
    {
        await using var db = await MySqlTestDatabase.CreateAsync();
        await using var connection = await db.OpenAsync();
        await ExecuteAllAsync(connection, Setup);

        var error = await Assert.ThrowsAsync<MySqlException>(() => ExecuteAllAsync(connection, statement));
        var provider = db.CreateProvider();
        if (statement.StartsWith("CREATE TABLE p", StringComparison.Ordinal))
        {
            // The same error as a completed CREATE TABLE: telling them apart is the history's job (the
            // statement was rejected before, or it never ran) — see ServerErrorTests.
            Assert.True(provider.Statements.IsAlreadyApplied(error, statement));
            return;
        }

        Assert.False(provider.Statements.IsAlreadyApplied(error, statement), $"{error.Number}: {error.Message}");
        Assert.False(await provider.ReconcileInterruptedAsync(connection, statement, CancellationToken.None), "the catalog does not show the statement's effect");
    }

    private static async Task ExecuteAllAsync(MySqlConnection connection, string sql)
    {
        foreach (var statement in sql.Split(";\n"))
        {
            await using var command = new MySqlCommand(statement, connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}
