namespace Upshift.Conformance;

public abstract partial class ConformanceTests
{
    [Fact]
    public async Task An_applied_script_edited_afterwards_fails_validate_and_migrate_with_exit_3_and_changes_nothing()
    {
        await using var db = await CreateDatabaseAsync();
        using var scripts = new ScriptFolder();
        scripts.Write("V1__a.sql", "CREATE TABLE a (id int);").Write("V2__b.sql", "CREATE TABLE b (id int);");
        AssertExit(0, await Cli(Args(db, scripts, "migrate")));
        var historyRows = await db.CountAsync("SELECT count(*) FROM upshift_history");

        scripts.Write("V1__a.sql", "CREATE TABLE a (id int, extra int);").Write("V3__c.sql", "CREATE TABLE c (id int);");
        var validate = await Cli(Args(db, scripts, "validate"));
        AssertExit(3, validate);
        Assert.Contains("V1__a.sql", validate.Stderr, StringComparison.Ordinal);

        var migrate = await Cli(Args(db, scripts, "migrate", "--json"));
        AssertExit(3, migrate);
        Assert.Equal("ValidationFailed", migrate.Json.GetProperty("error").GetProperty("code").GetString());
        Assert.False(await db.TableExistsAsync("c"));
        Assert.Equal(historyRows, await db.CountAsync("SELECT count(*) FROM upshift_history"));

        // An explicit repair accepts the edit; then the pending script applies.
        var repair = await Cli(Args(db, scripts, "repair"));
        AssertExit(0, repair);
        Assert.Contains("re-aligned checksum of V1__a.sql", repair.Stdout, StringComparison.Ordinal);
        AssertExit(0, await Cli(Args(db, scripts, "migrate")));
        Assert.True(await db.TableExistsAsync("c"));
    }

    [Fact]
    public async Task A_missing_applied_script_and_a_new_script_below_the_current_version_are_reported()
    {
        await using var db = await CreateDatabaseAsync();
        using var scripts = new ScriptFolder();
        scripts.Write("V1__a.sql", "CREATE TABLE a (id int);").Write("V3__c.sql", "CREATE TABLE c (id int);");
        AssertExit(0, await Cli(Args(db, scripts, "migrate")));

        scripts.Write("V2__late.sql", "CREATE TABLE late (id int);");
        var outOfOrder = await Cli(Args(db, scripts, "migrate"));
        AssertExit(3, outOfOrder);
        Assert.Contains("V2__late.sql", outOfOrder.Stderr, StringComparison.Ordinal);
        Assert.False(await db.TableExistsAsync("late"));
        AssertExit(0, await Cli(Args(db, scripts, "migrate", "--out-of-order")));
        Assert.True(await db.TableExistsAsync("late"));

        scripts.Delete("V1__a.sql");
        var missing = await Cli(Args(db, scripts, "validate", "--json"));
        AssertExit(3, missing);
        Assert.Contains("missing", missing.Stdout, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> BadInputs() => new()
    {
        { "duplicate version", "V1.0__dup.sql", "CREATE TABLE dup (id int);" },
        { "bad version", "V1.x__bad.sql", "CREATE TABLE bad (id int);" },
        { "unknown name", "cleanup.sql", "DELETE FROM a;" },
        { "unterminated string", "V2__broken.sql", "CREATE TABLE b (id int);\nINSERT INTO b VALUES ('oops);\n" },
        { "unknown directive", "V2__directive.sql", "-- upshift:no-transactoin\nCREATE TABLE b (id int);\n" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Bad_input_exits_2_with_a_one_line_error_naming_the_file_and_leaves_the_database_untouched(string what, string file, string text)
    {
        await using var db = await CreateDatabaseAsync();
        using var scripts = new ScriptFolder();
        scripts.Write("V1__a.sql", "CREATE TABLE a (id int);").Write(file, text);

        foreach (var command in new[] { "migrate", "plan", "validate", "status" })
        {
            var result = await Cli(Args(db, scripts, command));
            AssertExit(2, result);
            var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(lines.Length <= 2, $"{what}: expected one error line and one hint line:\n{result.Stderr}");
            Assert.StartsWith("error: ", lines[0], StringComparison.Ordinal);
            Assert.Contains(file, lines[0], StringComparison.Ordinal);
        }

        Assert.False(await db.TableExistsAsync("a"), what);
        Assert.False(await db.TableExistsAsync("upshift_history"), what);
    }

    /// <summary>
    /// A script in the engine's dialect whose body block (trigger or routine body, dollar quote) opens and never
    /// closes, with an INSERT into table a inside; and the line where the block opens.
    /// </summary>
    protected abstract (string Script, int Line) UnterminatedBody { get; }

    [Fact]
    public async Task An_unterminated_body_block_is_bad_input_naming_file_and_line_before_anything_runs()
    {
        await using var db = await CreateDatabaseAsync();
        using var scripts = new ScriptFolder();
        scripts.Write("V1__a.sql", "CREATE TABLE a (id int);").Write("V2__body.sql", UnterminatedBody.Script);

        foreach (var command in new[] { "migrate", "plan", "validate", "status" })
        {
            var result = await Cli(Args(db, scripts, command));
            AssertExit(2, result);
            var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(lines.Length <= 2, $"{command}: expected one error line and one hint line:\n{result.Stderr}");
            Assert.StartsWith("error: ", lines[0], StringComparison.Ordinal);
            Assert.Contains($"V2__body.sql:{UnterminatedBody.Line}", lines[0], StringComparison.Ordinal);
        }

        Assert.False(await db.TableExistsAsync("a"));
        Assert.False(await db.TableExistsAsync("upshift_history"));
    }

    [Theory]
    [InlineData("a.b.c")]
    [InlineData("app.")]
    [InlineData(".history")]
    public async Task A_history_table_name_that_is_not_table_or_schema_table_is_bad_input(string name)
    {
        await using var db = await CreateDatabaseAsync();
        using var scripts = new ScriptFolder();
        scripts.Write("V1__a.sql", "CREATE TABLE a (id int);");
        foreach (var command in new[] { "migrate", "status" })
        {
            var result = await Cli(Args(db, scripts, command, "--history-table", name));
            AssertExit(2, result);
            var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(lines.Length == 2, $"expected one error line and one hint line:\n{result.Stderr}");
            Assert.StartsWith($"error: the history table '{name}' is not a name", lines[0], StringComparison.Ordinal);
        }

        Assert.False(await db.TableExistsAsync("a"));
    }

    [Fact]
    public async Task A_target_below_the_current_version_exits_3_naming_both_and_pointing_at_rollback()
    {
        await using var db = await CreateDatabaseAsync();
        using var scripts = new ScriptFolder();
        scripts.Write("V1__a.sql", "CREATE TABLE a (id int);").Write("V2__b.sql", "CREATE TABLE b (id int);").Write("V3__c.sql", "CREATE TABLE c (id int);");
        AssertExit(0, await Cli(Args(db, scripts, "migrate", "--target", "2")));

        foreach (var command in new[] { "migrate", "plan" })
        {
            var human = await Cli(Args(db, scripts, command, "--target", "1"));
            AssertExit(3, human);
            Assert.StartsWith("error: the target version 1 is below the current version 2", human.Stderr, StringComparison.Ordinal);
            Assert.Contains("rollback --to 1", human.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("up to date", human.Stdout + human.Stderr, StringComparison.OrdinalIgnoreCase);

            var json = await Cli(Args(db, scripts, command, "--target", "1", "--json"));
            AssertExit(3, json);
            var error = json.Json.GetProperty("error");
            Assert.Equal("TargetBelowCurrent", error.GetProperty("code").GetString());
            Assert.Equal(3, error.GetProperty("exitCode").GetInt32());
            Assert.Contains("current version 2", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        // At the current version it is a no-op, as before; nothing above the target ran.
        AssertExit(0, await Cli(Args(db, scripts, "migrate", "--target", "2")));
        Assert.False(await db.TableExistsAsync("c"));
    }

    /// <summary>
    /// A script in the engine's dialect that creates table ns and a routine (or trigger) with ';' inside its body, then
    /// uses it to insert two rows; and a statement that uses it again to insert two more.
    /// </summary>
    protected abstract (string Script, string Use) RoutineScript { get; }

    /// <summary>False where the driver cannot send several statements as one command: no-split is then bad input.</summary>
    protected virtual bool NoSplitSupported => true;

    [Fact]
    public async Task A_no_split_script_is_sent_as_one_batch_and_its_routine_works()
    {
        await using var db = await CreateDatabaseAsync();
        using var scripts = new ScriptFolder();
        scripts.Write("V1__routine.sql", "-- upshift:no-split\n-- one batch: the body is not cut at its semicolons\n" + RoutineScript.Script);
        if (!NoSplitSupported)
        {
            foreach (var command in new[] { "migrate", "plan" })
            {
                var refused = await Cli(Args(db, scripts, command));
                AssertExit(2, refused);
                Assert.StartsWith("error: upshift:no-split is not supported", refused.Stderr, StringComparison.Ordinal);
                Assert.Contains("V1__routine.sql:1", refused.Stderr, StringComparison.Ordinal);
            }

            Assert.False(await db.TableExistsAsync("ns"));
            Assert.False(await db.TableExistsAsync("upshift_history"));
            return;
        }

        var migrate = await Cli(Args(db, scripts, "migrate", "--json"));
        AssertExit(0, migrate);
        Assert.Equal(["V1__routine.sql"], StepScripts(migrate, "applied"));
        Assert.Equal(2, await db.CountAsync("SELECT count(*) FROM ns"));

        var use = System.IO.Path.Combine(scripts.Path, "use.txt");
        await File.WriteAllTextAsync(use, RoutineScript.Use);
        AssertExit(0, await Cli("exec", "--db", db.Url, "--file", use));
        Assert.Equal(4, await db.CountAsync("SELECT count(*) FROM ns"));
        Assert.Equal("clean", (await StatusAsync(db, scripts)).GetProperty("state").GetString());
    }

    // Not in BadInputs: a NUL in a test's data would break the test results file.
    [Fact]
    public async Task A_NUL_byte_in_a_script_is_refused_by_migrate_and_exec_before_anything_runs()
    {
        await using var db = await CreateDatabaseAsync();
        using var scripts = new ScriptFolder();
        scripts.Write("V1__a.sql", "CREATE TABLE a (id int);").Write("V2__nul.sql", "CREATE TABLE b (id int);\nINSERT INTO b VALUES (1);\0\nCREATE TABLE c (id int);\n");

        var migrate = await Cli(Args(db, scripts, "migrate"));
        AssertExit(2, migrate);
        Assert.Contains("V2__nul.sql:2", migrate.Stderr, StringComparison.Ordinal);
        Assert.Contains("NUL byte", migrate.Stderr, StringComparison.Ordinal);
        Assert.False(await db.TableExistsAsync("a"));
        Assert.False(await db.TableExistsAsync("upshift_history"));

        var exec = await Cli("exec", "--db", db.Url, "--file", System.IO.Path.Combine(scripts.Path, "V2__nul.sql"));
        AssertExit(2, exec);
        Assert.Contains("V2__nul.sql:2", exec.Stderr, StringComparison.Ordinal);
        Assert.False(await db.TableExistsAsync("b"));
    }

    [Fact]
    public async Task An_unreadable_history_is_an_error_and_never_taken_for_an_empty_one()
    {
        await using var db = await CreateDatabaseAsync();
        using var scripts = new ScriptFolder();
        scripts.Write("V1__a.sql", "CREATE TABLE a (id int);");
        await db.ExecuteAsync("CREATE TABLE upshift_history (something_else int)");
        var result = await Cli(Args(db, scripts, "migrate"));
        AssertExit(1, result);
        Assert.Contains("cannot read the migration history", result.Stderr, StringComparison.Ordinal);
        Assert.False(await db.TableExistsAsync("a"));
    }

    [Fact]
    public async Task Dry_run_prints_the_sql_and_changes_nothing()
    {
        await using var db = await CreateDatabaseAsync();
        using var scripts = new ScriptFolder();
        scripts.Write("V1__a.sql", "CREATE TABLE dry_a (id int);\nINSERT INTO dry_a VALUES (42);");
        var dry = await Cli(Args(db, scripts, "migrate", "--dry-run"));
        AssertExit(0, dry);
        Assert.Contains("INSERT INTO dry_a VALUES (42);", dry.Stdout, StringComparison.Ordinal);
        Assert.False(await db.TableExistsAsync("dry_a"));
        Assert.False(await db.TableExistsAsync("upshift_history"));
    }
}
