using Upshift.Errors;
using Upshift.Fleets;

namespace Upshift.Core.Tests.Fleets;

public sealed class TargetsFileTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("upshift-targets-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public async Task Plain_lines_are_urls_named_without_their_password_and_variables_come_from_the_environment()
    {
        var path = Write("# the fleet\n\nsqlite:/data/a.db\n  postgres://app:${PW}@db-${SITE}:5432/mart  \n");
        var targets = await ReadAsync(path, new() { ["PW"] = "s3cret", ["SITE"] = "7" });

        Assert.Equal([new FleetTarget("sqlite:/data/a.db", "sqlite:/data/a.db", 3), new FleetTarget("postgres://app@db-7:5432/mart", "postgres://app:s3cret@db-7:5432/mart", 4)], targets);
    }

    [Fact]
    public async Task Yaml_entries_give_a_name_and_a_db()
    {
        var path = Write("# tenants\n- { name: tenant-1, db: 'sqlite:/t/1.db' }\n- name: tenant-2\n  db: postgres://u:${PW}@h/t2\n");
        var targets = await ReadAsync(path, new() { ["PW"] = "x" });

        Assert.Equal([new FleetTarget("tenant-1", "sqlite:/t/1.db", 2), new FleetTarget("tenant-2", "postgres://u:x@h/t2", 3)], targets);
    }

    [Fact]
    public async Task Yaml_entries_may_give_variables_for_a_runbook_filled_from_the_environment()
    {
        var path = Write("- { name: tenant-1, db: 'sqlite:/t/1.db', vars: { region: eu, key: '${TENANT_KEY}' } }\n- name: tenant-2\n  vars:\n    region: us\n  db: sqlite:/t/2.db\n- { name: tenant-3, db: 'sqlite:/t/3.db' }\n");
        var targets = await ReadAsync(path, new() { ["TENANT_KEY"] = "k-1" });

        Assert.Equal(new Dictionary<string, string> { ["region"] = "eu", ["key"] = "k-1" }, targets[0].Variables);
        Assert.Equal(new Dictionary<string, string> { ["region"] = "us" }, targets[1].Variables);
        Assert.Equal(("tenant-2", "sqlite:/t/2.db", 2), (targets[1].Name, targets[1].Db, targets[1].Line));
        Assert.Empty(targets[2].Variables);
    }

    [Theory]
    [InlineData("- { name: a, db: 'sqlite:/a.db', vars: [x] }\n", 1, "vars is a mapping")]
    [InlineData("- { name: a, db: 'sqlite:/a.db', vars: { x: 1, x: 2 } }\n", 1, "given twice")]
    [InlineData("- { name: a, db: 'sqlite:/a.db' }\n- { name: b, db: 'sqlite:/b.db', vars: { k: '${UNSET}' } }\n", 2, "UNSET is not set")]
    [InlineData("sqlite:/a.db\nsqlite:/b.db\nsqlite:/a.db\n", 3, "given twice")]
    [InlineData("sqlite:/a.db\npostgres://u:${MISSING}@h/d\n", 2, "MISSING is not set")]
    [InlineData("sqlite:/a.db sqlite:/b.db\n", 1, "more than one URL")]
    [InlineData("- { name: a, db: 'sqlite:/a.db' }\n- { name: a, db: 'sqlite:/b.db' }\n", 2, "given twice")]
    [InlineData("- { name: a, db: 'sqlite:/a.db' }\n- { name: b, url: 'sqlite:/b.db' }\n", 2, "unknown key 'url'")]
    [InlineData("- { name: a, db: 'sqlite:/a.db' }\n- { name: b }\n", 2, "has no db")]
    [InlineData("- { name: a, db: 'sqlite:/a.db' }\n- { name: [b], db: x }\n", 2, "one value")]
    [InlineData("- { name: a, db: 'sqlite:/a.db'\n- x\n", 2, "not valid YAML")]
    [InlineData("# nothing\n\n", 1, "names no target")]
    public async Task A_bad_entry_is_bad_input_naming_the_file_and_line(string content, int line, string message)
    {
        var path = Write(content);
        var error = await Assert.ThrowsAsync<UpshiftException>(() => ReadAsync(path, []));

        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.Equal(path, error.File);
        Assert.Equal(line, error.Line);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_file_is_bad_input() =>
        Assert.Equal(ExitCodes.BadInput, (await Assert.ThrowsAsync<UpshiftException>(() => ReadAsync(Path.Combine(_folder.FullName, "none.txt"), []))).ExitCode);

    private static async Task<List<FleetTarget>> ReadAsync(string path, Dictionary<string, string> environment)
    {
        var targets = new List<FleetTarget>();
        await foreach (var target in TargetsFile.ReadAsync(path, name => environment.GetValueOrDefault(name)))
        {
            targets.Add(target);
        }

        return targets;
    }

    private string Write(string content)
    {
        var path = Path.Combine(_folder.FullName, Guid.NewGuid().ToString("N") + ".txt");
        File.WriteAllText(path, content);
        return path;
    }
}
