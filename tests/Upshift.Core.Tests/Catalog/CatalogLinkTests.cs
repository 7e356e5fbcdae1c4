using Upshift.Catalog;

namespace Upshift.Tests.Catalog;

/// <summary>Symbolic links in the scripts folder: every folder is scanned once, however many links lead to it.</summary>
public sealed class CatalogLinkTests
{
    private static readonly TimeSpan Endless = TimeSpan.FromSeconds(30);

    private static async Task<string[]> LoadAsync(ScriptFolder folder)
    {
        // A scan that follows a loop never ends: fail instead of hanging the suite.
        var catalog = await Task.Run(() => CatalogLoader.Load(folder.Root, "sqlite", TestEngines.Words)).WaitAsync(Endless);
        return [.. catalog.Versioned.Concat(catalog.Repeatable).Select(s => s.Path)];
    }

    [Fact]
    public async Task A_link_to_the_folder_itself_or_an_ancestor_ends_the_scan_and_lists_each_script_once()
    {
        using var folder = new ScriptFolder("V1__one.sql", "release/V2__two.sql", "release/deeper/V3__three.sql");
        Directory.CreateSymbolicLink(Path.Combine(folder.Root, "loop"), ".");
        Directory.CreateSymbolicLink(Path.Combine(folder.Root, "release", "deeper", "up"), "../..");

        Assert.Equal(["V1__one.sql", "release/V2__two.sql", "release/deeper/V3__three.sql"], await LoadAsync(folder));
    }

    [Fact]
    public async Task A_link_to_a_folder_scanned_anyway_reports_no_false_duplicates()
    {
        using var folder = new ScriptFolder("V1__one.sql", "views/R__views.sql");
        Directory.CreateSymbolicLink(Path.Combine(folder.Root, "a-link-to-views"), "views");

        Assert.Equal(["V1__one.sql", "views/R__views.sql"], await LoadAsync(folder));
    }

    [Fact]
    public async Task A_link_to_a_folder_outside_is_followed_once()
    {
        using var outside = new ScriptFolder("V2__shared.sql");
        using var folder = new ScriptFolder("V1__one.sql");
        Directory.CreateSymbolicLink(Path.Combine(folder.Root, "shared"), outside.Root);
        Directory.CreateSymbolicLink(Path.Combine(folder.Root, "shared-again"), outside.Root);

        Assert.Equal(["V1__one.sql", "shared/V2__shared.sql"], await LoadAsync(folder));
    }
}
