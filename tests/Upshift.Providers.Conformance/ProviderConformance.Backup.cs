using System.Data.Common;
using Upshift.Backup;
using Upshift.History;

namespace Upshift.Providers.Conformance;

public abstract partial class ProviderConformance
{
    private static readonly Dictionary<string, string> BackupScripts = new()
    {
        ["V1__tables.sql"] = "CREATE TABLE bk_people (id int PRIMARY KEY, name varchar(100), note varchar(100));\n"
            + "CREATE TABLE bk_empty (id int PRIMARY KEY);\n"
            + "CREATE INDEX bk_people_name ON bk_people (name);\n"
            + "INSERT INTO bk_people (id, name, note) VALUES (1, 'Zoë O''Brien; “quoted”', NULL);\n"
            + "INSERT INTO bk_people (id, name, note) VALUES (2, '', 'empty name');\n"
            + "INSERT INTO bk_people (id, name, note) VALUES (3, 'line\nbreak', 'tab\there');\n",
    };

    /// <summary>
    /// The backup protocol as the core drives it, on a small database: a snapshot that later writes do not reach,
    /// every table streamed in the engine's encoding, and a restore into another database that ends up equal, its
    /// history included.
    /// </summary>
    [Fact]
    public virtual async Task A_backup_source_streams_every_table_of_its_snapshot_and_a_restore_target_rebuilds_the_database()
    {
        await using var db = await CreateFixtureAsync();
        await using var provider = db.CreateProvider();
        if (LacksAsDeclared(db, provider.Capabilities.Backup, nameof(ProviderCapabilities.Backup)))
        {
            return;
        }

        var migrated = await MigrateAsync(db, BackupScripts);
        Assert.True(migrated.Succeeded, migrated.Error?.Message);

        RestoreContent content;
        var streams = new Dictionary<BackupTable, byte[]>();
        await using (var source = await provider.Capabilities.Backup!.OpenSourceAsync(1, CancellationToken.None).WaitAsync(HangGuard))
        {
            Assert.False(string.IsNullOrWhiteSpace(source.ServerVersion));
            Assert.True(source.MaxParallelism >= 1);
            Assert.Equal("1", await TextOnAsync(source.SnapshotConnection, $"SELECT count(*) FROM {provider.History.QualifiedName(HistoryTable.Default)}"));
            await WriteOutsideTheSnapshotAsync(provider);

            var tables = await source.ListTablesAsync(CancellationToken.None);
            // An engine may carry more than the declared columns (a row id it keeps); never fewer.
            Assert.Contains(tables, t => t.Name == "bk_people" && new[] { "id", "name", "note" }.All(t.Columns.Contains));
            Assert.Contains(tables, t => t.Name == HistoryTable.DefaultName);
            foreach (var table in tables)
            {
                using var buffer = new MemoryStream();
                var rows = await source.ExportTableAsync(table, buffer, null, CancellationToken.None).WaitAsync(HangGuard);
                streams[table with { Rows = rows, RawBytes = buffer.Length }] = buffer.ToArray();
            }

            Assert.Equal(3, streams.Keys.Where(t => t.Name == "bk_people").Sum(t => t.Rows));
            Assert.Equal(0, streams.Keys.Where(t => t.Name == "bk_empty").Sum(t => t.Rows));
            content = new RestoreContent(
                provider.Engine,
                await source.ReadSchemaAsync(CancellationToken.None),
                [.. streams.Keys],
                await source.ReadSequencesAsync(CancellationToken.None),
                await source.ReadPropertiesAsync(CancellationToken.None));
        }

        await using var copy = await CreateFixtureAsync();
        await using var copyProvider = copy.CreateProvider();
        await RestoreAsync(copyProvider.Capabilities.Backup!, content, streams);

        Assert.Equal(3, await copy.CountAsync("SELECT count(*) FROM bk_people"));
        Assert.Equal("Zoë O'Brien; “quoted”", await copy.TextAsync("SELECT name FROM bk_people WHERE id = 1"));
        Assert.Null(await copy.TextAsync("SELECT note FROM bk_people WHERE id = 1"));
        Assert.Equal(string.Empty, await copy.TextAsync("SELECT name FROM bk_people WHERE id = 2"));
        Assert.Equal("tab\there", await copy.TextAsync("SELECT note FROM bk_people WHERE id = 3"));
        Assert.Equal(await db.TextAsync("SELECT name FROM bk_people WHERE id = 3"), await copy.TextAsync("SELECT name FROM bk_people WHERE id = 3"));
        Assert.Equal(0, await copy.CountAsync("SELECT count(*) FROM bk_empty"));
        await Assert.ThrowsAnyAsync<DbException>(() => copy.ExecuteAsync("INSERT INTO bk_people (id, name) VALUES (1, 'the key was restored')"));
        var history = await HistoryAsync(copy, BackupScripts);
        Assert.Equal((await HistoryAsync(db, BackupScripts)).Select(r => (r.Script, r.Checksum, r.Success)), history.Select(r => (r.Script, r.Checksum, r.Success)));
        await using var session = Session(copy, BackupScripts);
        Assert.True((await session.PlanAsync()).IsUpToDate);
    }

    /// <summary>A row written after the snapshot began: the engine may make the writer wait (then it gives up), or let it commit outside the snapshot.</summary>
    private static async Task WriteOutsideTheSnapshotAsync(IDatabaseProvider provider)
    {
        await using var writer = await provider.OpenConnectionAsync(CancellationToken.None);
        await ApplySessionSetupAsync(provider, writer, TimeSpan.FromMilliseconds(500));
        await using var command = writer.CreateCommand();
        command.CommandText = "INSERT INTO bk_people (id, name) VALUES (4, 'after the snapshot')";
        command.CommandTimeout = 2;
        try
        {
            await command.ExecuteNonQueryAsync().WaitAsync(HangGuard);
        }
        catch (DbException)
        {
            // The snapshot holds writers off: equally consistent.
        }
    }

    /// <summary>The restore protocol in the order the core calls it (see <see cref="IRestoreTarget"/>), one table at a time.</summary>
    private static async Task RestoreAsync(IBackupProvider backup, RestoreContent content, Dictionary<BackupTable, byte[]> streams)
    {
        await using var target = await backup.OpenTargetAsync(new RestoreTargetOptions(), CancellationToken.None);
        Assert.Empty(await target.ExistingObjectsAsync(CancellationToken.None));
        Assert.True(target.MaxParallelism >= 1);
        await target.PrepareAsync(content, CancellationToken.None).WaitAsync(HangGuard);
        var steps = target.TableSteps(content, 1);
        foreach (var table in content.Tables)
        {
            using var data = new MemoryStream(streams[table]);
            Assert.Equal(table.Rows, await target.ImportTableAsync(table, data, null, CancellationToken.None).WaitAsync(HangGuard));
            Assert.Equal(data.Length, data.Position);
        }

        foreach (var step in steps)
        {
            await step.RunAsync(CancellationToken.None).WaitAsync(HangGuard);
        }

        await target.FinishAsync(content, CancellationToken.None).WaitAsync(HangGuard);
        await target.SwapAsync(CancellationToken.None).WaitAsync(HangGuard);
        Assert.NotEmpty(await target.ExistingObjectsAsync(CancellationToken.None));
    }
}
