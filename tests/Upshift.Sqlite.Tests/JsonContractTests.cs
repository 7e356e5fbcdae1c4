namespace Upshift.Sqlite.Tests;

/// <summary>
/// The <c>--json</c> documents of every command, byte for byte (indentation, property order, escaping, nulls,
/// the trailing newline), against documents stored in <c>Golden/</c>: scripts and programs parse them.
/// </summary>
public sealed class JsonContractTests
{
    private const string Table = "CREATE TABLE a (id integer primary key, name text);\n";

    [Fact]
    public async Task Status_plan_migrate_validate_rollback_exec_and_repair_of_a_clean_run()
    {
        using var run = new GoldenRun();
        run.Script("V1__create.sql", Table)
            .Script("V2__café.sql", "CREATE TABLE b (id integer);\nINSERT INTO b VALUES (1);\n")
            .Script("U2__café.sql", "DROP TABLE b;\n")
            .Script("R__view.sql", "DROP VIEW IF EXISTS v;\nCREATE VIEW v AS SELECT id FROM a;\n");
        string[] db = ["--db", run.Db(), "--scripts", run.Scripts];

        await run.CheckAsync("status-empty", 0, ["status", .. db]);
        await run.CheckAsync("plan-pending", 0, ["plan", .. db]);
        await run.CheckAsync("validate-nothing-applied", 0, ["validate", .. db]);
        await run.CheckAsync("migrate-dry-run", 0, ["migrate", "--dry-run", .. db]);
        await run.CheckWithEventsAsync("migrate-applied", 0, ["migrate", .. db]);
        await run.CheckAsync("status-clean", 0, ["status", .. db]);
        await run.CheckAsync("migrate-up-to-date", 0, ["migrate", .. db]);
        await run.CheckAsync("plan-up-to-date", 0, ["plan", .. db]);
        await run.CheckAsync("validate-valid", 0, ["validate", .. db]);
        await run.CheckAsync("rollback-dry-run", 0, ["rollback", "--to", "1", "--dry-run", .. db]);
        await run.CheckWithEventsAsync("rollback-applied", 0, ["rollback", "--to", "1", .. db]);
        await run.CheckAsync("rollback-nothing-to-undo", 0, ["rollback", "--to", "1", .. db]);
        await run.CheckAsync("rollback-refused", 2, ["rollback", "--to", "0", .. db]);
        System.IO.File.WriteAllText(run.File("seed.sql"), "INSERT INTO a (name) VALUES ('one');\nINSERT INTO a (name) VALUES ('two');\n");
        await run.CheckAsync("exec", 0, ["exec", "--file", run.File("seed.sql"), .. db]);
        await run.CheckAsync("repair-nothing", 0, ["repair", .. db]);
    }

    [Fact]
    public async Task A_failed_script_its_status_and_the_repair()
    {
        using var run = new GoldenRun();
        run.Script("V1__ok.sql", Table)
            .Script("V2__bad.sql", "CREATE TABLE half (id int);\n\nINSERT INTO no_such_table VALUES (1);\n");
        string[] db = ["--db", run.Db(), "--scripts", run.Scripts];

        await run.CheckWithEventsAsync("migrate-failed", 1, ["migrate", .. db]);
        await run.CheckAsync("status-failed", 0, ["status", .. db]);
        await run.CheckAsync("repair-changes", 0, ["repair", .. db]);
    }

    [Fact]
    public async Task A_partial_no_transaction_script_resumes_and_a_changed_statement_is_a_problem_with_a_line()
    {
        using var run = new GoldenRun();
        run.Script("V1__ok.sql", Table)
            .Script("V2__partial.sql", "-- upshift:no-transaction\nCREATE TABLE p (id int);\nINSERT INTO nowhere VALUES (1);\n");
        string[] db = ["--db", run.Db(), "--scripts", run.Scripts];

        await run.CheckWithEventsAsync("migrate-partial", 1, ["migrate", .. db]);
        await run.CheckAsync("status-partial", 0, ["status", .. db]);
        await run.CheckAsync("plan-resume", 0, ["plan", .. db]);

        run.Script("V2__partial.sql", "-- upshift:no-transaction\nCREATE TABLE p2 (id int);\nCREATE TABLE nowhere (id int);\n");
        await run.CheckAsync("status-partial-changed", 0, ["status", .. db]);
        await run.CheckAsync("validate-partial-changed", 3, ["validate", .. db]);
        await run.CheckAsync("plan-partial-changed", 3, ["plan", .. db]);
    }

    [Fact]
    public async Task Drift_changed_missing_and_out_of_order_scripts()
    {
        using var run = new GoldenRun();
        run.Script("V1__a.sql", Table)
            .Script("V2__b.sql", "CREATE TABLE b (id int);\n")
            .Script("V3__c.sql", "CREATE TABLE c (id int);\n");
        string[] db = ["--db", run.Db(), "--scripts", run.Scripts];
        await run.ArrangeAsync(0, ["migrate", .. db]);

        run.Script("V1__a.sql", Table + "-- edited after it was applied\n").Script("V1_5__late.sql", "CREATE TABLE late (id int);\n").DeleteScript("V2__b.sql");
        await run.CheckAsync("status-drift", 0, ["status", .. db]);
        await run.CheckAsync("validate-drift", 3, ["validate", .. db]);
        await run.CheckAsync("plan-drift", 3, ["plan", .. db]);
        await run.CheckAsync("migrate-drift", 3, ["migrate", .. db]);
    }

    [Fact]
    public async Task Phases_defer_later_scripts_and_a_batched_backfill_reports_its_batches()
    {
        using var run = new GoldenRun();
        run.Script("V1__expand.sql", "CREATE TABLE t (id integer primary key, x int);\nINSERT INTO t (id) VALUES (1), (2), (3), (4), (5);\n")
            .Script("V2__backfill.sql", "-- upshift:phase backfill\n-- upshift:batch key=id size=2 table=t\nUPDATE t SET x = id WHERE id > @batch_start AND id <= @batch_end;\n")
            .Script("V3__contract.sql", "-- upshift:phase contract\nCREATE TABLE after_contract (id int);\n");
        string[] db = ["--db", run.Db(), "--scripts", run.Scripts];

        await run.CheckAsync("status-phase-expand", 0, ["status", "--phase", "expand", .. db]);
        await run.CheckWithEventsAsync("migrate-phase-expand", 0, ["migrate", "--phase", "expand", .. db]);
        await run.CheckAsync("status-deferred", 0, ["status", "--phase", "expand", .. db]);
        await run.CheckAsync("plan-target", 0, ["plan", "--target", "2", .. db]);
        await run.CheckWithEventsAsync("migrate-backfill-and-contract", 0, ["migrate", .. db]);
    }

    [Fact]
    public async Task Baseline_of_an_existing_database()
    {
        using var run = new GoldenRun();
        run.Script("V1__old.sql", Table).Script("V2__new.sql", "CREATE TABLE b (id int);\n");
        string[] db = ["--db", run.Db(), "--scripts", run.Scripts];

        await run.CheckAsync("baseline", 0, ["baseline", "--version", "1", "--description", "existing \"legacy\" schema", .. db]);
        await run.CheckAsync("status-baseline", 0, ["status", .. db]);
    }

    [Fact]
    public async Task Backup_verify_restore_and_migrate_with_a_backup()
    {
        using var run = new GoldenRun();
        var rows = string.Join(",\n", Enumerable.Range(1, 2000).Select(i => $"({i}, 'row number {i} of the large table')"));
        run.Script("V1__create.sql", $"{Table}INSERT INTO a (id, name) VALUES\n{rows};\n")
            .Script("V2__b.sql", "CREATE TABLE b (id integer);\nINSERT INTO b VALUES (1);\n");
        string[] db = ["--db", run.Db(), "--scripts", run.Scripts];
        await run.ArrangeAsync(0, ["migrate", .. db]);

        await run.CheckWithEventsAsync("backup", 0, ["backup", "--out", run.File("full.upbak"), "--jobs", "1", "--compress", "none", "--db", run.Db()]);
        await run.CheckWithEventsAsync("backup-verify", 0, ["backup", "verify", run.File("full.upbak")]);
        await run.CheckWithEventsAsync("restore", 0, ["restore", "--in", run.File("full.upbak"), "--jobs", "1", "--db", run.Db("restored")]);
        await run.CheckAsync("restore-refused", 2, ["restore", "--in", run.File("full.upbak"), "--db", run.Db("restored")]);

        var damaged = run.File("damaged.upbak");
        System.IO.File.Copy(run.File("full.upbak"), damaged);
        await using (var file = new FileStream(damaged, FileMode.Open, FileAccess.ReadWrite))
        {
            // Inside the first chunk of the largest table, which is written first.
            file.Position = 200;
            var b = file.ReadByte();
            file.Position = 200;
            file.WriteByte((byte)(b ^ 0xFF));
        }

        await run.CheckAsync("backup-verify-damaged", 3, ["backup", "verify", damaged]);

        run.Script("V3__c.sql", "CREATE TABLE c (id integer);\n");
        await run.CheckAsync("migrate-with-backup", 0, ["migrate", "--backup", run.File("before-3.upbak"), .. db]);
        run.Script("V4__bad.sql", "CREATE TABLE d (id integer);\nINSERT INTO no_such_table VALUES (1);\n");
        await run.CheckAsync("migrate-with-backup-failed", 1, ["migrate", "--backup", run.File("before-4.upbak"), .. db]);
    }

    [Fact]
    public async Task Bad_input_is_an_error_document_with_exit_2()
    {
        using var run = new GoldenRun();
        run.Script("V1__ok.sql", Table);
        string[] db = ["--db", run.Db(), "--scripts", run.Scripts];

        await run.CheckAsync("error-no-scripts", 2, ["migrate", "--db", run.Db()]);
        await run.CheckAsync("error-bad-version", 2, ["status", "--target", "1.x", .. db]);
        await run.CheckAsync("error-bad-jobs", 2, ["backup", "--out", run.File("x.upbak"), "--jobs", "99", "--db", run.Db()]);
        await run.CheckAsync("error-bad-compression", 2, ["backup", "--out", run.File("x.upbak"), "--compress", "gzip", "--db", run.Db()]);
        await run.CheckAsync("error-missing-backup", 2, ["backup", "verify", run.File("missing.upbak")]);

        run.Script("V2__directive.sql", "-- upshift:no-transactoin\nCREATE TABLE b (id int);\n");
        await run.CheckAsync("error-bad-directive", 2, ["migrate", .. db]);
        run.DeleteScript("V2__directive.sql");
        run.Script("V2_bad-name.sql", "CREATE TABLE b (id int);\n");
        await run.CheckAsync("error-bad-script-name", 2, ["plan", .. db]);
        run.DeleteScript("V2_bad-name.sql");
        run.Script("V2__quote.sql", "CREATE TABLE 'unclosed (id int);\n");
        await run.CheckAsync("error-bad-sql", 2, ["migrate", .. db]);
    }
}
