using Upshift.Catalog;

namespace Upshift.Tests.Catalog;

/// <summary>
/// A folder source loaded again and again returns the catalog it built while nothing under the folder changed, and
/// sees every change on the very next load, made however and wherever (through a link) and however shortly before.
/// </summary>
public sealed class FolderCatalogsTests
{
    private static ScriptCatalog Load(FolderCatalogs catalogs) => catalogs.Load("sqlite", TestEngines.Words, []);

    private static string[] Scripts(ScriptCatalog catalog) => [.. catalog.Versioned.Concat(catalog.Repeatable).Select(s => $"{s.Path}={s.Text.Trim()}")];

    /// <summary>Loads until a load is answered without reading (a few loads: the watch is placed, then trusted), and returns its catalog.</summary>
    private static ScriptCatalog Settle(FolderCatalogs catalogs)
    {
        var reused = catalogs.Reused;
        var previous = Load(catalogs);
        for (var load = 0; load < 4 && OperatingSystem.IsLinux(); load++)
        {
            var next = Load(catalogs);
            if (catalogs.Reused > reused)
            {
                Assert.Same(previous, next);
                return next;
            }

            previous = next;
        }

        Assert.False(OperatingSystem.IsLinux(), "loads with nothing changed kept reading the folder");
        return previous;
    }

    [Fact]
    public void Nothing_changed_gives_the_same_catalog_and_an_edit_made_just_before_a_load_is_seen_by_it()
    {
        using var folder = new ScriptFolder();
        folder.Write("V1__a.sql", "one");
        folder.Write("sub/V2__b.sql", "two");
        var catalogs = new FolderCatalogs(folder.Root);
        Assert.Equal(["V1__a.sql=one", "sub/V2__b.sql=two"], Scripts(Settle(catalogs)));

        // Same size, in the same second, no pause between the change and the load.
        folder.Write("V1__a.sql", "uno");
        Assert.Equal(["V1__a.sql=uno", "sub/V2__b.sql=two"], Scripts(Load(catalogs)));
        Settle(catalogs);

        folder.Write("sub/V2__b.sql", "dos");
        Assert.Equal(["V1__a.sql=uno", "sub/V2__b.sql=dos"], Scripts(Load(catalogs)));
        Settle(catalogs);

        folder.Write("sub/deeper/V3__c.sql", "three");
        Assert.Equal(["V1__a.sql=uno", "sub/V2__b.sql=dos", "sub/deeper/V3__c.sql=three"], Scripts(Load(catalogs)));
        Settle(catalogs);

        // A new script in the folder created last: watched since the load that found the folder.
        folder.Write("sub/deeper/V4__d.sql", "four");
        Assert.Contains("sub/deeper/V4__d.sql=four", Scripts(Load(catalogs)));
        Settle(catalogs);

        File.Move(folder.PathOf("sub/deeper/V4__d.sql"), folder.PathOf("V5__e.sql"));
        Assert.Equal(["V1__a.sql=uno", "sub/V2__b.sql=dos", "sub/deeper/V3__c.sql=three", "V5__e.sql=four"], Scripts(Load(catalogs)));
        Settle(catalogs);

        Directory.Delete(folder.PathOf("sub"), recursive: true);
        Assert.Equal(["V1__a.sql=uno", "V5__e.sql=four"], Scripts(Load(catalogs)));
        Settle(catalogs);

        // Saved the way editors save: a new file renamed over the old one.
        File.WriteAllText(folder.PathOf("V1__a.tmp"), "eins");
        File.Move(folder.PathOf("V1__a.tmp"), folder.PathOf("V1__a.sql"), overwrite: true);
        Assert.Equal(["V1__a.sql=eins", "V5__e.sql=four"], Scripts(Load(catalogs)));
    }

    [Fact]
    public void A_change_behind_a_link_is_seen_by_the_next_load()
    {
        using var elsewhere = new ScriptFolder();
        elsewhere.Write("shared/V2__shared.sql", "shared");
        elsewhere.Write("V3__linked.sql", "linked");
        using var folder = new ScriptFolder();
        folder.Write("V1__a.sql", "one");
        Directory.CreateSymbolicLink(folder.PathOf("shared"), elsewhere.PathOf("shared"));
        File.CreateSymbolicLink(folder.PathOf("V3__linked.sql"), elsewhere.PathOf("V3__linked.sql"));
        var catalogs = new FolderCatalogs(folder.Root);
        Assert.Equal(["V1__a.sql=one", "shared/V2__shared.sql=shared", "V3__linked.sql=linked"], Scripts(Settle(catalogs)));

        elsewhere.Write("shared/V2__shared.sql", "common");
        Assert.Contains("shared/V2__shared.sql=common", Scripts(Load(catalogs)));
        Settle(catalogs);

        elsewhere.Write("V3__linked.sql", "joined");
        Assert.Contains("V3__linked.sql=joined", Scripts(Load(catalogs)));
        Settle(catalogs);

        // The link pointed elsewhere.
        elsewhere.Write("other/V2__shared.sql", "other");
        File.Delete(folder.PathOf("shared"));
        Directory.CreateSymbolicLink(folder.PathOf("shared"), elsewhere.PathOf("other"));
        Assert.Contains("shared/V2__shared.sql=other", Scripts(Load(catalogs)));
    }

    [Fact]
    public void A_release_switched_by_moving_the_link_to_the_scripts_folder_is_seen_by_the_next_load()
    {
        using var releases = new ScriptFolder();
        releases.Write("r1/V1__a.sql", "one");
        releases.Write("r2/V1__a.sql", "one");
        releases.Write("r2/V2__b.sql", "two");
        var current = releases.PathOf("current");
        Directory.CreateSymbolicLink(current, releases.PathOf("r1"));
        var catalogs = new FolderCatalogs(current);
        Assert.Equal(["V1__a.sql=one"], Scripts(Settle(catalogs)));

        // As deployment tools switch: a new link renamed over the old one (.NET moves no link to a folder over another).
        Directory.CreateSymbolicLink(releases.PathOf("next"), releases.PathOf("r2"));
        using (var rename = System.Diagnostics.Process.Start("mv", ["-T", releases.PathOf("next"), current]))
        {
            rename.WaitForExit();
            Assert.Equal(0, rename.ExitCode);
        }

        Assert.Equal(["V1__a.sql=one", "V2__b.sql=two"], Scripts(Load(catalogs)));
        Settle(catalogs);
    }

    [Fact]
    public void Bad_input_is_not_kept_and_is_reported_again_until_fixed()
    {
        using var folder = new ScriptFolder();
        folder.Write("V1__a.sql", "one");
        var catalogs = new FolderCatalogs(folder.Root);
        Settle(catalogs);

        folder.Write("V1__dup.sql", "again");
        Assert.Throws<Errors.UpshiftException>(() => Load(catalogs));
        Assert.Throws<Errors.UpshiftException>(() => Load(catalogs));
        File.Delete(folder.PathOf("V1__dup.sql"));
        Assert.Equal(["V1__a.sql=one"], Scripts(Settle(catalogs)));
    }
}
