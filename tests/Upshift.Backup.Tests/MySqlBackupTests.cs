using Upshift.Conformance;

namespace Upshift.Backup.Tests;

public sealed class MySqlBackupTests : BackupTests
{
    protected override string Engine => "mysql";

    protected override string Extras => """
        SET SESSION sql_mode = 'NO_ENGINE_SUBSTITUTION';
        CREATE TABLE extra_types (
            id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY,
            flag tinyint(1) NOT NULL DEFAULT 0,
            bits bit(5),
            amount decimal(14, 4),
            ratio double,
            approx float,
            born date,
            at datetime(6) DEFAULT CURRENT_TIMESTAMP(6),
            stamp timestamp(3) NULL,
            span time(2),
            made year,
            note varchar(200) CHARACTER SET latin1 NOT NULL DEFAULT 'n/a',
            body mediumtext,
            mood enum('sad', 'ok', 'happy'),
            tags set('a', 'b', 'c'),
            doc json,
            payload blob,
            code binary(4),
            spot point,
            doubled int AS (flag * 2) VIRTUAL,
            tripled int AS (flag * 3) PERSISTENT,
            secret varchar(20) INVISIBLE DEFAULT 'hidden',
            UNIQUE KEY extra_types_code (code),
            KEY extra_types_note (note, born),
            FULLTEXT KEY extra_types_body (body),
            CONSTRAINT extra_amount_positive CHECK (amount IS NULL OR amount > -1000000)
        ) COMMENT 'every kind of value';
        INSERT INTO extra_types (flag, bits, amount, ratio, approx, born, at, stamp, span, made, note, body, mood, tags, doc, payload, code, spot, secret) VALUES
            (5, b'10101', 1234567890.1234, 0.1e0 + 0.2e0, 0.1, '2024-02-29', '2024-03-01 12:34:56.123456', '2024-03-01 00:00:00.5', '-838:59:59.99', 2024, 'café tab\there', CONCAT('line1', CHAR(10), 'line2 \\N back\\slash ', CHAR(13), 'cr'), 'happy', 'a,c', '{"k": [1, "x"], "n": null}', UNHEX('000A095C4E0D'), UNHEX('DEADBEEF'), POINT(1.5, -2), 'shown'),
            (0, b'0', -0.0001, 1e-300, -3.4e38, '0000-00-00', '1000-01-01 00:00:00', NULL, '00:00:00', 1901, '', '', 'sad', '', '[]', '', UNHEX('00000000'), NULL, DEFAULT),
            (1, NULL, NULL, 1.7976931348623157e308, NULL, NULL, NULL, NULL, NULL, NULL, '\\N', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
        INSERT INTO extra_types (note, body) VALUES ('deleted', 'x');
        DELETE FROM extra_types WHERE note = 'deleted';
        CREATE TABLE extra_ids (id char(36) PRIMARY KEY, raw binary(16), native uuid);
        INSERT INTO extra_ids VALUES
            ('0f8fad5b-d9cb-469f-a165-70867728950e', UNHEX('0F8FAD5BD9CB469FA16570867728950E'), '0f8fad5b-d9cb-469f-a165-70867728950e'),
            ('not a uuid, but 36 characters long!!', UNHEX('00000000000000000000000000000001'), NULL);
        CREATE TABLE extra_keyed (code varchar(10) PRIMARY KEY, seq int NOT NULL AUTO_INCREMENT, KEY (seq)) AUTO_INCREMENT = 50;
        INSERT INTO extra_keyed (code) VALUES ('a'), ('b');
        CREATE TABLE extra_child (id int PRIMARY KEY, parent bigint, CONSTRAINT extra_child_parent FOREIGN KEY (parent) REFERENCES extra_types (id) ON DELETE CASCADE ON UPDATE RESTRICT);
        INSERT INTO extra_child VALUES (1, 1), (2, 2), (3, NULL);
        CREATE TABLE extra_parted (id int NOT NULL, region varchar(2) NOT NULL, PRIMARY KEY (id, region)) PARTITION BY LIST COLUMNS (region) (PARTITION p_eu VALUES IN ('eu'), PARTITION p_us VALUES IN ('us'));
        INSERT INTO extra_parted VALUES (1, 'eu'), (2, 'us'), (3, 'eu');
        CREATE SEQUENCE extra_counter START WITH 100 INCREMENT BY 5;
        SELECT NEXTVAL(extra_counter);
        SELECT NEXTVAL(extra_counter);
        CREATE FUNCTION extra_label(n bigint) RETURNS varchar(40) DETERMINISTIC RETURN CONCAT('item #', n);
        DELIMITER //
        CREATE PROCEDURE extra_bump(IN by_how_much int)
        BEGIN
            UPDATE extra_keyed SET seq = seq + by_how_much WHERE code = 'a';
        END//
        DELIMITER ;
        CREATE VIEW extra_view AS SELECT id, extra_label(id) AS label FROM extra_types WHERE id % 2 = 1;
        CREATE VIEW extra_view_of_view AS SELECT COUNT(*) AS n FROM extra_view;
        SET SESSION sql_mode = 'ANSI_QUOTES';
        CREATE TRIGGER extra_touch BEFORE INSERT ON extra_child FOR EACH ROW SET NEW.id = NEW.id + 1000;
        CREATE TRIGGER extra_touch_more BEFORE INSERT ON extra_child FOR EACH ROW FOLLOWS extra_touch SET NEW.id = NEW.id + 1;
        CREATE EVENT extra_nightly ON SCHEDULE EVERY 1 DAY STARTS '2030-01-01 03:00:00' DISABLE DO DELETE FROM extra_child WHERE parent IS NULL;
        """;

    protected override string Bulk => """
        SET SESSION max_recursive_iterations = 1000000;
        CREATE TABLE bulk (id int PRIMARY KEY, a char(32), b varchar(200));
        INSERT INTO bulk WITH RECURSIVE s(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s WHERE g < 300000) SELECT g, MD5(g), REPEAT(MD5(g), 4) FROM s;
        CREATE INDEX bulk_a ON bulk (a);
        CREATE INDEX bulk_b ON bulk (b);
        """;

    [Fact]
    public async Task A_restore_whose_programs_the_server_refuses_leaves_the_target_as_it_was_and_nothing_beside_it()
    {
        // A view reads a table of another database, which is gone when the backup is restored: the trial run of the
        // programs, before the swap, fails.
        await using var elsewhere = await MySqlDatabase.CreateAsync();
        await elsewhere.ExecuteAsync("CREATE TABLE shared_rates (code char(3) PRIMARY KEY, rate decimal(10, 4))");
        await using var source = await MySqlDatabase.CreateAsync();
        await source.ExecuteAsync($"CREATE TABLE orders (id int PRIMARY KEY, code char(3)); CREATE VIEW priced AS SELECT o.id, r.rate FROM orders o JOIN `{elsewhere.Name}`.shared_rates r ON r.code = o.code");
        var file = FilePath("foreign-view.upbak");
        Ok(await CliRunner.RunAsync("backup", "--db", source.Url, "--out", file));
        await elsewhere.ExecuteAsync("DROP TABLE shared_rates");

        await using var target = await MySqlDatabase.CreateAsync();
        await SeedAsync(target);
        var before = await target.FingerprintAsync();
        var restore = await CliRunner.RunAsync("restore", "--db", target.Url, "--in", file, "--force");
        Assert.True(restore.ExitCode == 1, restore.ToString());
        Assert.Contains("priced", restore.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, await target.FingerprintAsync());
        Assert.Empty(await target.SiblingsAsync());
    }

    [Fact]
    public async Task A_restore_killed_during_the_swap_is_finished_or_undone_by_the_next_one()
    {
        await using var source = await ExampleAsync();
        var file = FilePath("swap.upbak");
        Ok(await CliRunner.RunAsync("backup", "--db", source.Url, "--out", file));
        await using var target = await MySqlDatabase.CreateAsync();
        await SeedAsync(target);
        await target.ExecuteAsync("CREATE TRIGGER seed_touch BEFORE INSERT ON virtual_queue FOR EACH ROW SET NEW.vq_name = NEW.vq_name");
        var before = await target.FingerprintAsync();

        using (var restore = CliRunner.Start("restore", "--db", target.Url, "--in", file, "--force", "--json"))
        {
            var stdout = restore.StandardOutput.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            while (await restore.StandardError.ReadLineAsync(timeout.Token) is { } line && !line.Contains("\"phase\":\"swap\"", StringComparison.Ordinal))
            {
            }

            restore.Kill(entireProcessTree: true);
            await restore.WaitForExitAsync();
            await stdout;
        }

        // Either the rename had not happened (the target is as it was, its trigger included) or it had (the next
        // restore completes it); both ways the next restore ends with the backup's database and nothing beside it.
        var after = await target.FingerprintAsync();
        var siblings = await target.SiblingsAsync();
        Assert.True(after == before || siblings.Count > 0, "a killed swap left the target changed with no journal to complete it");
        Ok(await CliRunner.RunAsync("restore", "--db", target.Url, "--in", file, "--force"));
        Assert.Equal(await source.FingerprintAsync(), await target.FingerprintAsync());
        Assert.Empty(await target.SiblingsAsync());
    }

    [Theory]
    [InlineData("mysql-restore-before-rename")]
    [InlineData("mysql-restore-after-rename")]
    public async Task A_swap_killed_before_the_rename_left_the_target_unchanged_and_after_it_is_finished_by_the_next_restore(string crashPoint)
    {
        await using var source = await ExampleAsync();
        var file = FilePath("crash.upbak");
        Ok(await CliRunner.RunAsync("backup", "--db", source.Url, "--out", file));
        await using var target = await MySqlDatabase.CreateAsync();
        await SeedAsync(target);
        await target.ExecuteAsync("CREATE TRIGGER seed_touch BEFORE INSERT ON virtual_queue FOR EACH ROW SET NEW.vq_name = NEW.vq_name");
        var before = await target.FingerprintAsync();

        var killed = await CliRunner.RunCrashingAtAsync(crashPoint, "restore", "--db", target.Url, "--in", file, "--force");
        Assert.True(killed.ExitCode == 137, killed.ToString());
        Assert.NotEmpty(await target.SiblingsAsync());
        if (crashPoint.EndsWith("before-rename", StringComparison.Ordinal))
        {
            // Nothing of the target had changed yet, its trigger included.
            Assert.Equal(before, await target.FingerprintAsync());
        }
        else
        {
            // The rename is the commit point: the new rows are in place, the old tables wait under names of their own,
            // and the journal beside the target says what is left.
            var restored = (await target.ContentAsync()).Split('\n');
            Assert.All((await source.ContentAsync()).Split('\n'), line => Assert.Contains(line, restored));
            Assert.All(restored.Except((await source.ContentAsync()).Split('\n')), line => Assert.StartsWith("_upo_", line, StringComparison.Ordinal));
        }

        Ok(await CliRunner.RunAsync("restore", "--db", target.Url, "--in", file, "--force"));
        Assert.Equal(await source.FingerprintAsync(), await target.FingerprintAsync());
        Assert.Empty(await target.SiblingsAsync());
        Assert.NotEqual(before, await target.FingerprintAsync());
    }

    [Fact]
    public async Task A_second_restore_of_the_same_target_is_refused_while_one_runs()
    {
        await using var source = await ExampleAsync();
        var file = FilePath("twice.upbak");
        Ok(await CliRunner.RunAsync("backup", "--db", source.Url, "--out", file));
        await using var target = await MySqlDatabase.CreateAsync();
        await SeedAsync(target);
        var before = await target.FingerprintAsync();

        // The lock a running restore holds for as long as it runs (its name is the restore target's private business).
        await using var running = new MySqlConnector.MySqlConnection(new MySqlConnector.MySqlConnectionStringBuilder(MySql.MySqlUrl.ToConnectionString(target.Url)) { Pooling = false }.ConnectionString);
        await running.OpenAsync();
        var name = "upshift-restore:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(target.Name)).AsSpan(0, 16));
        await using (var take = new MySqlConnector.MySqlCommand($"SELECT GET_LOCK('{name}', 0)", running))
        {
            Assert.Equal(1L, Convert.ToInt64(await take.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
        }

        var second = await CliRunner.RunAsync("restore", "--db", target.Url, "--in", file, "--force");
        Assert.True(second.ExitCode == 4, second.ToString());
        Assert.Contains("another restore", second.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, await target.FingerprintAsync());
        Assert.Empty(await target.SiblingsAsync());

        await running.CloseAsync();
        Ok(await CliRunner.RunAsync("restore", "--db", target.Url, "--in", file, "--force"));
        Assert.Equal(await source.FingerprintAsync(), await target.FingerprintAsync());
    }

    protected override async Task<EngineDatabase> CreateAsync() => await MySqlDatabase.CreateAsync();

    protected override async Task AssertNoLeftoversAsync(EngineDatabase target) =>
        Assert.Empty(await ((MySqlDatabase)target).SiblingsAsync());
}
