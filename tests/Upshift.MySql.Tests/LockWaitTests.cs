using MySqlConnector;

namespace Upshift.MySql.Tests;

/// <summary>Bounded lock waits: a statement blocked by another session gives up, with an error a retry may cure.</summary>
public sealed class LockWaitTests
{
    [Fact]
    public async Task An_alter_queued_behind_an_open_transaction_gives_up_after_the_session_lock_timeout()
    {
        await using var db = await MySqlTestDatabase.CreateAsync();
        await db.ExecuteAsync("CREATE TABLE w (id INT NOT NULL PRIMARY KEY, v INT NULL)");
        await db.ExecuteAsync("INSERT INTO w VALUES (1, 1)");
        var provider = MySqlProvider.FromUrl(db.Url);

        await using var reader = await db.OpenAsync();
        await using var transaction = await reader.BeginTransactionAsync();
        await using (var read = new MySqlCommand("SELECT v FROM w FOR UPDATE", reader, transaction))
        {
            await read.ExecuteScalarAsync();
        }

        await using var migration = (MySqlConnection)await provider.OpenConnectionAsync(CancellationToken.None);
        foreach (var setup in provider.SessionSetup(TimeSpan.FromMilliseconds(300)))
        {
            await using var command = new MySqlCommand(setup, migration);
            await command.ExecuteNonQueryAsync();
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var metadata = await Assert.ThrowsAsync<MySqlException>(() => new MySqlCommand("ALTER TABLE w ADD COLUMN x INT", migration).ExecuteNonQueryAsync());
        var row = await Assert.ThrowsAsync<MySqlException>(() => new MySqlCommand("UPDATE w SET v = 2 WHERE id = 1", migration).ExecuteNonQueryAsync());
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(30));
        Assert.True(provider.Statements.IsTransient(metadata), metadata.Message);
        Assert.True(provider.Statements.IsTransient(row), row.Message);
        Assert.False(provider.Statements.IsTransient(await Assert.ThrowsAsync<MySqlException>(() => new MySqlCommand("SELECT * FROM no_such_table", migration).ExecuteNonQueryAsync())));
        Assert.Empty(provider.SessionSetup(TimeSpan.Zero));
    }
}
