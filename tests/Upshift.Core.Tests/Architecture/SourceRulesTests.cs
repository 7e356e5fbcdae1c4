using System.Text.RegularExpressions;

namespace Upshift.Core.Tests.Architecture;

/// <summary>
/// Rules of the source tree that keep the library one front door on a provider seam: Core names no engine (the
/// provider registry's documentation aside), and every source file can be read in one sitting.
/// </summary>
public sealed partial class SourceRulesTests
{
    private const int MaxLines = 300;
    private static readonly string Root = Upshift.Tests.Repository.Root;

    [Fact]
    public void Core_names_no_engine_outside_the_registry_documentation()
    {
        var offenders = SourceFiles(Path.Combine(Root, "src", "Upshift.Core"))
            .Where(file => Path.GetFileName(file) != "ProviderRegistry.cs")
            .SelectMany(file => File.ReadLines(file).Select((line, index) => (file, line, index)))
            .Where(x => EngineName().IsMatch(x.line))
            .Select(x => $"{Path.GetRelativePath(Root, x.file)}:{x.index + 1}: {x.line.Trim()}")
            .ToList();
        Assert.True(offenders.Count == 0, "engine names in Core:\n" + string.Join('\n', offenders));
    }

    [Fact]
    public void No_source_file_is_longer_than_300_lines()
    {
        var offenders = SourceFiles(Path.Combine(Root, "src"))
            .Select(file => (file, lines: File.ReadLines(file).Count()))
            .Where(x => x.lines > MaxLines)
            .Select(x => $"{Path.GetRelativePath(Root, x.file)}: {x.lines} lines")
            .ToList();
        Assert.True(offenders.Count == 0, $"files over {MaxLines} lines:\n" + string.Join('\n', offenders));
    }

    [Fact]
    public void The_rules_see_the_sources()
    {
        Assert.Contains(SourceFiles(Path.Combine(Root, "src", "Upshift.Core")), f => f.EndsWith("UpgradeSession.cs", StringComparison.Ordinal));
        Assert.Matches(EngineName(), "var url = \"postgres://app@db/app\";");
    }

    private static IEnumerable<string> SourceFiles(string directory) =>
        Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    [GeneratedRegex(@"sqlite|postgre|\bpg\b|mysql|mariadb|npgsql", RegexOptions.IgnoreCase)]
    private static partial Regex EngineName();
}
