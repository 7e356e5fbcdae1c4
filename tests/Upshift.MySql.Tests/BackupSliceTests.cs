using System.Text;
using Upshift.MySql.Backup;

namespace Upshift.MySql.Tests;

/// <summary>A large table is read in key ranges on several connections of one snapshot: every row exactly once.</summary>
public sealed class BackupSliceTests
{
    [Fact]
    public async Task A_table_read_in_key_ranges_gives_every_row_once_and_rows_written_after_the_snapshot_in_none()
    {
        await using var db = await MySqlTestDatabase.CreateAsync();
        await db.ExecuteAsync("""
            SET SESSION max_recursive_iterations = 100000;
            CREATE TABLE sliced (id bigint PRIMARY KEY, v varchar(20), b blob);
            INSERT INTO sliced WITH RECURSIVE s(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s WHERE g < 5000) SELECT g * 3 - 7000, CONCAT('v', g), UNHEX(MD5(g)) FROM s;
            CREATE TABLE keyless (v varchar(20));
            INSERT INTO keyless VALUES ('a'), ('b');
            """);

        await using var source = await MySqlBackupSource.OpenAsync(db.ConnectionString, db.Name, 2, CancellationToken.None, sliceBytes: 1);
        // Written after the snapshot: no slice may see it, the last (open-ended) one included.
        await db.ExecuteAsync("INSERT INTO sliced VALUES (1000000, 'late', NULL)");

        var tables = await source.ListTablesAsync(CancellationToken.None);
        var slices = tables.Where(t => t.Name == "sliced").ToList();
        Assert.Equal(4, slices.Count);
        Assert.All(slices, s => Assert.NotNull(s.Slice));
        Assert.Null(Assert.Single(tables, t => t.Name == "keyless").Slice);

        var ids = new List<long>();
        await Task.WhenAll(slices.Select(async slice =>
        {
            using var buffer = new MemoryStream();
            var rows = await source.ExportTableAsync(slice, buffer, null, CancellationToken.None);
            var lines = Encoding.UTF8.GetString(buffer.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(rows, lines.Length);
            Assert.True(rows > 0, $"slice {slice.Slice} is empty");
            lock (ids)
            {
                ids.AddRange(lines.Select(l => long.Parse(l.Split('\t')[0], System.Globalization.CultureInfo.InvariantCulture)));
            }
        }));

        Assert.Equal(Enumerable.Range(1, 5000).Select(g => (g * 3L) - 7000), ids.Order());
    }

    [Fact]
    public async Task Values_come_out_as_the_server_writes_them_whatever_their_character_set()
    {
        await using var db = await MySqlTestDatabase.CreateAsync();
        await db.ExecuteAsync("""
            CREATE TABLE t (id int PRIMARY KEY, l varchar(20) CHARACTER SET latin1, u varchar(20), d decimal(65, 30), f double, at datetime(6), b varbinary(4), n uuid);
            INSERT INTO t VALUES (1, 'café\tx', 'ü🚀\\', 12345678901234567890.123456789012345678901234567890, 0.1e0 + 0.2e0, '2024-02-29 23:59:59.000001', UNHEX('00FF0A'), '0f8fad5b-d9cb-469f-a165-70867728950e');
            """);
        await using var source = await MySqlBackupSource.OpenAsync(db.ConnectionString, db.Name, 1, CancellationToken.None);
        var table = Assert.Single(await source.ListTablesAsync(CancellationToken.None));
        using var buffer = new MemoryStream();
        Assert.Equal(1, await source.ExportTableAsync(table, buffer, null, CancellationToken.None));
        Assert.Equal(
            "1\tcafé\\tx\tü🚀\\\\\t12345678901234567890.123456789012345678901234567890\t0.30000000000000004\t2024-02-29 23:59:59.000001\t00FF0A\t0f8fad5b-d9cb-469f-a165-70867728950e\n",
            Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
