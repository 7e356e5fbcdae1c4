namespace Upshift.Backup.Tests;

public sealed class SqliteBackupTests : BackupTests
{
    protected override string Engine => "sqlite";

    protected override string Extras => """
        CREATE TABLE extra_auto (id INTEGER PRIMARY KEY AUTOINCREMENT, note TEXT NOT NULL DEFAULT 'n/a', amount REAL, payload BLOB, mixed);
        INSERT INTO extra_auto (note, amount, payload, mixed) VALUES ('a', 1.5, x'00ff10', 42), ('b', NULL, NULL, 'text'), ('c', -0.25, x'', 3.75), ('d', 1e300, zeroblob(10), x'cafe');
        DELETE FROM extra_auto WHERE note = 'd';
        CREATE TABLE extra_rowid (name TEXT, qty INTEGER);
        INSERT INTO extra_rowid (rowid, name, qty) VALUES (10, 'ten', 1), (20, 'twenty', 2), (35, 'x', NULL);
        CREATE TABLE extra_norowid (k TEXT PRIMARY KEY, v INTEGER) WITHOUT ROWID;
        INSERT INTO extra_norowid VALUES ('b', 2), ('a', 1);
        CREATE TABLE extra_generated (a INTEGER, b INTEGER GENERATED ALWAYS AS (a * 2) VIRTUAL, c INTEGER GENERATED ALWAYS AS (a + 1) STORED);
        INSERT INTO extra_generated (a) VALUES (1), (2), (NULL);
        CREATE TRIGGER extra_touch AFTER INSERT ON extra_auto BEGIN UPDATE extra_auto SET note = note || ' (touched)' WHERE id = NEW.id; END;
        CREATE VIEW extra_view AS SELECT id, note FROM extra_auto WHERE amount IS NOT NULL;
        CREATE INDEX extra_auto_note ON extra_auto (note);
        PRAGMA user_version = 7;
        """;

    protected override string Bulk => """
        CREATE TABLE bulk (id INTEGER PRIMARY KEY, a TEXT, b TEXT);
        WITH RECURSIVE s(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s WHERE g < 300000)
        INSERT INTO bulk SELECT g, hex(randomblob(16)), hex(randomblob(64)) FROM s;
        CREATE INDEX bulk_a ON bulk (a);
        CREATE INDEX bulk_b ON bulk (b);
        """;

    protected override Task<EngineDatabase> CreateAsync() => Task.FromResult<EngineDatabase>(new SqliteDatabase());

    protected override Task AssertNoLeftoversAsync(EngineDatabase target)
    {
        var database = (SqliteDatabase)target;
        Assert.DoesNotContain(Directory.GetFiles(database.Folder), f => f.Contains(".upshift-restore", StringComparison.Ordinal));
        return Task.CompletedTask;
    }
}
