using Microsoft.Data.Sqlite;
using Upshift.Conformance;

namespace Upshift.Postgres.Tests.Runbooks;

/// <summary>The runbook <c>copy</c> step from a SQLite file into a new PostgreSQL database: migrated, mapped, verified, two steps, rerun.</summary>
public sealed class RunbookCopyPostgresTests : IAsyncLifetime
{
    private const string Runbook = """
        runbook: copy-pg
        components:
          old: { db: "sqlite:old.db" }
          new: { db: "${NEW_URL}", scripts: ./sql }
        steps:
          - id: core
            copy: { from: old, to: new, map: ./map.yaml, except: [readings] }
          - id: new-release-writes
            sql: { component: new, text: "INSERT INTO meter_readings (device_id, taken_at, reading) VALUES (1, '2024-01-01 00:09', -1), (1, '2024-01-01 09:00', -2)" }
          - id: history
            copy: { from: old, to: new, map: ./map.yaml, only: [readings], on-conflict: skip, parallel: 1 }
        """;

    private readonly RunbookFolder _folder = new();
    private PostgresTestDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync();
        _folder.Write("runbook.yaml", Runbook.Replace("${NEW_URL}", _database.Url, StringComparison.Ordinal))
            .Write("map.yaml", """
            tables:
              device:
                to: devices
                columns: { dev_name: name, dev_kind: kind }
              readings:
                to: meter_readings
                columns: { value: reading }
            terminology:
              - apply_to: [device.dev_kind]
                values: { "Virtual PABX": "Business Unit" }
            """)
            .Write("sql/V1__devices.sql", "CREATE TABLE devices (id integer PRIMARY KEY, name varchar(40) NOT NULL, kind varchar(40) NOT NULL, installed date);\n")
            .Write("sql/V2__readings.sql", "CREATE TABLE meter_readings (device_id integer NOT NULL REFERENCES devices (id), taken_at varchar(16) NOT NULL, reading bigint NOT NULL, PRIMARY KEY (device_id, taken_at));\n");
        using var connection = new SqliteConnection($"Data Source={_folder.Full("old.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE device (id INTEGER PRIMARY KEY, dev_name TEXT NOT NULL, dev_kind TEXT NOT NULL, installed TEXT);
            INSERT INTO device VALUES (1, 'north', 'Virtual PABX', '2019-05-01'), (2, 'south', 'Switch', NULL), (3, 'east', 'Virtual PABX', '2021-12-31');
            CREATE TABLE readings (device_id INTEGER NOT NULL REFERENCES device (id), taken_at TEXT NOT NULL, value INTEGER NOT NULL, PRIMARY KEY (device_id, taken_at));
            WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 299)
            INSERT INTO readings SELECT 1 + i % 3, strftime('%Y-%m-%d %H:%M', '2024-01-01 00:00', '+' || (i / 3) || ' minutes'), i * 1000 FROM n;
            """;
        command.ExecuteNonQuery();
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task SQLite_into_PostgreSQL_in_two_steps_keeps_the_rows_written_between_them_and_a_rerun_changes_nothing()
    {
        var run = await _folder.RunAsync();

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(3L, await _database.ScalarAsync("SELECT count(*) FROM devices"));
        Assert.Equal(2L, await _database.ScalarAsync("SELECT count(*) FROM devices WHERE kind = 'Business Unit'"));
        Assert.Equal("2021-12-31", await _database.ScalarAsync("SELECT installed::text FROM devices WHERE id = 3"));
        Assert.Equal(301L, await _database.ScalarAsync("SELECT count(*) FROM meter_readings"));
        Assert.Equal(-1L, await _database.ScalarAsync("SELECT reading FROM meter_readings WHERE device_id = 1 AND taken_at = '2024-01-01 00:09'"));
        Assert.Equal(3000L, await _database.ScalarAsync("SELECT reading FROM meter_readings WHERE device_id = 1 AND taken_at = '2024-01-01 00:01'"));
        var steps = await _folder.StepsAsync();
        Assert.Contains("1 tables, 299 rows copied, 1 kept in the target (on-conflict skip), 1 of 1 tables verified equal", steps["history"].GetProperty("observation").GetString(), StringComparison.Ordinal);
        Assert.Contains("1 tables, 3 rows copied, 1 of 1 tables verified equal", steps["core"].GetProperty("observation").GetString(), StringComparison.Ordinal);

        var rerun = await _folder.RunAsync();

        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        Assert.DoesNotContain("[history]", rerun.Stdout, StringComparison.Ordinal);
        Assert.Equal(301L, await _database.ScalarAsync("SELECT count(*) FROM meter_readings"));
        var secret = Procedures.ProcedureATests.Password(_database.Url)!;
        Assert.DoesNotContain(secret, run.Stdout + run.Stderr + rerun.Stdout + rerun.Stderr, StringComparison.Ordinal);
    }
}
