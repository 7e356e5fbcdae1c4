using Upshift.Catalog;
using Upshift.Conformance;
using Upshift.Errors;
using Upshift.Planning;
using Upshift.Sessions;

namespace Upshift.Sqlite.Tests;

/// <summary>
/// A session kept open does not read unchanged scripts again (it compares each file's inode, size and times with
/// those it read), yet every change to the folder is seen on its next call.
/// </summary>
public sealed class SessionScriptChangesTests
{
    // Files changed less than three seconds before a call are read on every call (time stamps are coarse): wait that
    // long so that the unchanged ones come from what the session read before.
    private static readonly TimeSpan Settled = TimeSpan.FromSeconds(3.3);

    [Fact]
    public async Task A_session_kept_open_sees_an_edited_added_removed_or_renamed_script_on_its_next_call()
    {
        await using var database = new SqliteTestDatabase();
        using var scripts = new ScriptFolder()
            .Write("V1__a.sql", "CREATE TABLE a (id INTEGER);")
            .Write("V2__b.sql", "CREATE TABLE b (id INTEGER);")
            .Write("V3__c.sql", "CREATE TABLE c (id INTEGER);");
        await using var db = await UpgradeSession.OpenAsync(database.Url, o => o.UseSqlite().Scripts(scripts.Path));
        Assert.True((await db.MigrateAsync()).Succeeded);
        await Task.Delay(Settled);
        Assert.Empty((await db.MigrateAsync()).Steps);
        var first = db.LoadCatalog();
        if (OperatingSystem.IsLinux())
        {
            Assert.Same(first.Versioned[0], db.LoadCatalog().Versioned[0]);
        }

        // Edited in place to the same size: drift, found by the next call.
        scripts.Write("V2__b.sql", "CREATE TABLE x (id INTEGER);");
        var drift = await Assert.ThrowsAsync<UpshiftException>(() => db.MigrateAsync());
        Assert.Equal(ErrorCode.ValidationFailed, drift.Code);
        Assert.Equal("V2__b.sql", drift.File);
        Assert.Equal(MigrationState.Changed, (await db.ValidateAsync()).Plan.Entries.Single(e => e.Script == "V2__b.sql").State);

        // Restored, settled, then edited to the same size with its modification time set back to the one read
        // (as closely as .NET sets it; the change time moves anyway): seen.
        scripts.Write("V2__b.sql", "CREATE TABLE b (id INTEGER);");
        Assert.True((await db.ValidateAsync()).IsValid);
        await Task.Delay(Settled);
        Assert.True((await db.ValidateAsync()).IsValid);
        var read = File.GetLastWriteTimeUtc(Path.Combine(scripts.Path, "V2__b.sql"));
        await Task.Delay(TimeSpan.FromMilliseconds(50));
        scripts.Write("V2__b.sql", "CREATE TABLE y (id INTEGER);");
        File.SetLastWriteTimeUtc(Path.Combine(scripts.Path, "V2__b.sql"), read);
        Assert.False((await db.ValidateAsync()).IsValid);
        scripts.Write("V2__b.sql", "CREATE TABLE b (id INTEGER);");
        Assert.True((await db.ValidateAsync()).IsValid);

        // Added: applied by the next call.
        scripts.Write("V4__d.sql", "CREATE TABLE d (id INTEGER);");
        var added = await db.MigrateAsync();
        Assert.True(added.Succeeded, added.Error?.Message);
        Assert.Equal("V4__d.sql", Assert.Single(added.Steps).Step.Script.Path);
        Assert.True(await database.TableExistsAsync("d"));

        // Removed before it ran: gone from the next call's catalog.
        scripts.Write("V5__e.sql", "CREATE TABLE e (id INTEGER);");
        Assert.Contains("V5__e.sql", Paths(db.LoadCatalog()));
        scripts.Delete("V5__e.sql");
        Assert.DoesNotContain("V5__e.sql", Paths(db.LoadCatalog()));
        Assert.Empty((await db.PlanAsync()).Steps);

        // Renamed: the next call has the new name only (and the applied script under its old name is missing).
        File.Move(Path.Combine(scripts.Path, "V4__d.sql"), Path.Combine(scripts.Path, "V6__d.sql"));
        Assert.Equal(["V1__a.sql", "V2__b.sql", "V3__c.sql", "V6__d.sql"], Paths(db.LoadCatalog()));
        var renamed = await db.ValidateAsync();
        Assert.False(renamed.IsValid);
        Assert.Contains(renamed.Plan.Entries, e => e.State == MigrationState.Missing && e.Version == "4");
    }

    private static string[] Paths(ScriptCatalog catalog) => [.. catalog.Versioned.Select(s => s.Path)];
}
