using System.Buffers.Binary;
using System.IO.Compression;
using System.Xml.Linq;

namespace Upshift.Packaging.Tests;

/// <summary>What <c>dotnet pack</c> put into the feed: every package, with complete metadata, and nothing that is not one.</summary>
[Collection(PackedFeedCollection.Name)]
public sealed class PackageMetadataTests(PackedFeed feed)
{
    [Fact]
    public void Every_library_and_the_tool_is_packed_and_no_test_project_is()
    {
        var ids = Directory.GetFiles(feed.Feed, "*.nupkg").Select(f => Path.GetFileName(f)[..^$".{feed.Version}.nupkg".Length]).ToList();

        Assert.All(PackedFeed.Packages, id => Assert.Contains(id, ids));
        Assert.DoesNotContain(ids, id => id.Contains("Tests", StringComparison.Ordinal) || id.Contains("Bench", StringComparison.Ordinal) || id.Contains("FaultHost", StringComparison.Ordinal) || id == "Upshift.Conformance");
        Assert.All(ids, id => Assert.True(File.Exists(Path.Combine(feed.Feed, $"{id}.{feed.Version}.snupkg")), $"{id} has no symbol package"));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void A_package_carries_complete_metadata(string id)
    {
        using var package = ZipFile.OpenRead(Path.Combine(feed.Feed, $"{id}.{feed.Version}.nupkg"));
        var metadata = Nuspec(package, id);
        string? Value(string name) => metadata.Element(metadata.Name.Namespace + name)?.Value;

        Assert.Equal(id, Value("id"));
        Assert.Equal(feed.Version, Value("version"));
        Assert.Equal("The Upshift authors", Value("authors"));
        Assert.False(string.IsNullOrWhiteSpace(Value("description")) || Value("description") == "Package Description", $"{id} has no description of its own");
        Assert.Contains("database", Value("tags") ?? string.Empty, StringComparison.Ordinal);
        var license = metadata.Element(metadata.Name.Namespace + "license")!;
        Assert.Equal(("expression", "MIT"), (license.Attribute("type")?.Value, license.Value));
        Assert.Contains("The Upshift authors", Entry(package, "LICENSE"), StringComparison.Ordinal);
        Assert.StartsWith($"# {id}", Entry(package, Value("readme")!), StringComparison.Ordinal);
        Assert.Equal((128, 128), PngSize(package, Value("icon")!));

        // SourceLink's part of the metadata: the repository and the exact commit that was packed.
        var repository = metadata.Element(metadata.Name.Namespace + "repository")!;
        Assert.Equal("git", repository.Attribute("type")?.Value);
        Assert.Matches("^[0-9a-f]{40}$", repository.Attribute("commit")?.Value ?? string.Empty);

        if (id == "Upshift.Cli")
        {
            return;
        }

        // A library: its assembly with the XML documentation an editor shows, and its project references as
        // dependencies on the same version.
        Assert.Contains(package.Entries, e => e.FullName == $"lib/net10.0/{id}.dll");
        Assert.Contains(package.Entries, e => e.FullName == $"lib/net10.0/{id}.xml");
        var dependencies = metadata.Descendants(metadata.Name.Namespace + "dependency").ToList();
        Assert.All(dependencies.Where(d => d.Attribute("id")!.Value.StartsWith("Upshift.", StringComparison.Ordinal)), d => Assert.Equal(feed.Version, d.Attribute("version")?.Value));
        if (id != "Upshift.Core")
        {
            Assert.Contains(dependencies, d => d.Attribute("id")?.Value == "Upshift.Core");
        }
    }

    [Fact]
    public void The_tool_package_is_framework_dependent_and_its_command_is_upshift()
    {
        using var package = ZipFile.OpenRead(Path.Combine(feed.Feed, $"Upshift.Cli.{feed.Version}.nupkg"));
        var metadata = Nuspec(package, "Upshift.Cli");
        Assert.Equal("DotnetTool", metadata.Descendants(metadata.Name.Namespace + "packageType").Single().Attribute("name")?.Value);

        // Native AOT is for `dotnet publish`; the tool package runs on the installed runtime, on any platform.
        var command = XDocument.Parse(Entry(package, "tools/net10.0/any/DotnetToolSettings.xml")).Descendants("Command").Single();
        Assert.Equal(("upshift", "upshift.dll", "dotnet"), (command.Attribute("Name")?.Value, command.Attribute("EntryPoint")?.Value, command.Attribute("Runner")?.Value));
        Assert.Contains(package.Entries, e => e.FullName == "tools/net10.0/any/upshift.dll");
        Assert.DoesNotContain(package.Entries, e => e.FullName == "tools/net10.0/any/upshift");
    }

    public static TheoryData<string> Ids() => [.. PackedFeed.Packages];

    private static XElement Nuspec(ZipArchive package, string id) =>
        XDocument.Parse(Entry(package, id + ".nuspec")).Root!.Elements().Single(e => e.Name.LocalName == "metadata");

    private static string Entry(ZipArchive package, string name)
    {
        var entry = package.GetEntry(name);
        Assert.True(entry is not null, $"the package has no {name}");
        using var reader = new StreamReader(entry.Open());
        return reader.ReadToEnd();
    }

    private static (int Width, int Height) PngSize(ZipArchive package, string name)
    {
        var entry = package.GetEntry(name);
        Assert.True(entry is not null, $"the package has no {name}");
        using var stream = entry.Open();
        var header = new byte[24];
        stream.ReadExactly(header);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, header[..8]);
        return (BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(20)));
    }
}
