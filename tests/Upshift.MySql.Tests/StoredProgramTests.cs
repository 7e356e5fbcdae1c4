using Upshift.Conformance;

namespace Upshift.MySql.Tests;

/// <summary>Procedures, functions and triggers written between DELIMITER lines, as the mysql client takes them.</summary>
public sealed class StoredProgramTests
{
    private const string Script = """
        # Accounts with an audit trail.
        CREATE TABLE account (id INT NOT NULL PRIMARY KEY, balance INT NOT NULL DEFAULT 0) ENGINE=InnoDB;
        CREATE TABLE audit_log (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, msg VARCHAR(200) NOT NULL) ENGINE=InnoDB;

        DELIMITER $$

        CREATE PROCEDURE deposit(IN p_id INT, IN p_amount INT)
            MODIFIES SQL DATA
        BEGIN
            -- Statements inside the body end with ';' and must stay together.
            UPDATE account SET balance = balance + p_amount WHERE id = p_id;
            INSERT INTO audit_log (msg) VALUES (CONCAT('deposit;', p_id, ';', p_amount));
        END$$

        CREATE FUNCTION greeting(p_name VARCHAR(50)) RETURNS VARCHAR(100)
            DETERMINISTIC
        BEGIN
            # A string with a semicolon, an escaped quote and the delimiter: 'it\'s; $$ fine'
            RETURN CONCAT('it\'s; $$ fine, ', p_name);
        END$$

        CREATE TRIGGER account_opened AFTER INSERT ON account FOR EACH ROW
        BEGIN
            INSERT INTO audit_log (msg) VALUES (CONCAT('open;', NEW.id));
        END$$

        DELIMITER ;

        INSERT INTO account (id) VALUES (1);
        CALL deposit(1, 50);
        """;

    [Fact]
    public async Task Procedures_functions_and_triggers_defined_with_DELIMITER_apply_and_work()
    {
        await using var db = await MySqlTestDatabase.CreateAsync();
        using var scripts = new ScriptFolder();
        scripts.Write("V1__accounts.sql", Script);

        var migrate = await Cli.RunAsync(db, scripts, "migrate", "--json");
        Cli.AssertExit(0, migrate);
        Assert.Equal(7, await db.CountAsync("SELECT statements_done FROM upshift_history"));

        // Applied by the script: the trigger fired for the insert, the procedure ran.
        Assert.Equal(50, await db.CountAsync("SELECT balance FROM account WHERE id = 1"));
        Assert.Equal("deposit;1;50|open;1", (string?)await db.ScalarAsync("SELECT GROUP_CONCAT(msg ORDER BY msg SEPARATOR '|') FROM audit_log"));

        // And they work afterwards.
        await db.ExecuteAsync("INSERT INTO account (id) VALUES (2)");
        await db.ExecuteAsync("CALL deposit(2, 7)");
        Assert.Equal(7, await db.CountAsync("SELECT balance FROM account WHERE id = 2"));
        Assert.Equal(1, await db.CountAsync("SELECT COUNT(*) FROM audit_log WHERE msg = 'open;2'"));
        Assert.Equal("it's; $$ fine, Ana", (string?)await db.ScalarAsync("SELECT greeting('Ana')"));
    }

    [Fact]
    public async Task A_run_killed_between_stored_programs_resumes_without_recreating_them()
    {
        await using var db = await MySqlTestDatabase.CreateAsync();
        using var scripts = new ScriptFolder();
        scripts.Write("V1__accounts.sql", Script.Replace("DELIMITER ;", "DELIMITER ;\nSELECT SLEEP(2);", StringComparison.Ordinal));
        await Cli.KillMigrateAsync(db, scripts, Cli.StatementsDone(db, 5));

        Cli.AssertExit(0, await Cli.RunAsync(db, scripts, "migrate"));
        Assert.Equal(50, await db.CountAsync("SELECT balance FROM account WHERE id = 1"));
        Assert.Equal(2, await db.CountAsync("SELECT COUNT(*) FROM audit_log"));
    }
}
