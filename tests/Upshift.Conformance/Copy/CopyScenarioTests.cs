using Xunit;

namespace Upshift.Conformance.Copy;

/// <summary>
/// <c>upshift copy</c> of the old release's interaction database into the new release's schema, through the real CLI
/// between two real engines: the mapping, a kill and resume, a two-step copy next to newer rows, bad maps refused with
/// the target left empty, and a corrupted target row found by verification. Each engine pair derives once.
/// </summary>
public abstract class CopyScenarioTests : IAsyncLifetime
{
    private ScratchDatabase _source = null!;
    private ScratchDatabase _target = null!;
    private string _folder = null!;

    protected abstract string SourceEngine { get; }

    protected abstract string TargetEngine { get; }

    private string Scripts => Path.Combine(_folder, "sql");

    private string MapFile => Path.Combine(_folder, "map.yaml");

    public async Task InitializeAsync()
    {
        _folder = Directory.CreateTempSubdirectory("upshift-copy-case-").FullName;
        _source = await ScratchDatabase.CreateAsync(SourceEngine);
        _target = await ScratchDatabase.CreateAsync(TargetEngine);
        await InteractionDatabase.CreateOldReleaseAsync(_source);
        InteractionDatabase.NewReleaseScripts(_target, Scripts);
        await File.WriteAllTextAsync(MapFile, InteractionDatabase.Map);
    }

    public async Task DisposeAsync()
    {
        await _source.DisposeAsync();
        await _target.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Copies_through_the_map_and_verifies_equal()
    {
        var run = await CopyAsync();

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("target migrated empty -> 6_5_0", run.Stdout);
        Assert.Equal(InteractionDatabase.LivePabxes, await _target.CountAsync("business_units"));
        Assert.Equal(InteractionDatabase.Agents, await _target.CountAsync("agents"));
        Assert.Equal(InteractionDatabase.States, await _target.CountAsync("activity_states"));
        Assert.Equal(InteractionDatabase.Interactions, await _target.CountAsync("interactions"));
        Assert.Equal("pabx 3", await _target.ScalarAsync("SELECT bu_name FROM business_units WHERE bu_id = 3"));
        Assert.Equal(0, await _target.CountAsync("business_units", "bu_id = 10"));
        Assert.Equal("First7 Last7", await _target.ScalarAsync("SELECT full_name FROM agents WHERE agent_id = 7"));
        Assert.Equal(InteractionDatabase.PhoneStates, await _target.CountAsync("activity_states", "activity_type = 'Immediate Work'"));
        Assert.Equal(0, await _target.CountAsync("activity_states", "activity_type LIKE '%Activity'"));
        Assert.Equal(1, await _target.CountAsync("interactions", "note = 'call 1: é ü 漢 ''quoted'''"));
        Assert.Equal(InteractionDatabase.Interactions / 11, await _target.CountAsync("interactions", "note IS NULL"));
        foreach (var table in new[] { "business_units", "agents", "activity_states", "interactions" })
        {
            Assert.Matches($@"(?m)^{table}\s+[\d,]+\s+[\d,]+\s+(\w{{16}})\s+\1\s+equal$", run.Stdout);
        }
    }

    [Fact]
    public async Task A_rerun_of_a_finished_copy_copies_nothing_and_verifies_again()
    {
        Assert.Equal(0, (await CopyAsync()).ExitCode);

        var rerun = await CopyAsync("--json");

        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        Assert.True(rerun.Json.GetProperty("equal").GetBoolean());
        Assert.All(rerun.Json.GetProperty("tables").EnumerateArray(), t => Assert.True(t.GetProperty("alreadyDone").GetBoolean()));
        Assert.Equal(4, rerun.Json.GetProperty("verification").GetArrayLength());
        Assert.Equal(InteractionDatabase.Interactions, await _target.CountAsync("interactions"));
        foreach (var secret in new[] { _source.Url, _target.Url }.Select(Password).OfType<string>())
        {
            Assert.DoesNotContain(secret, rerun.Stdout + rerun.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Killed_after_a_chunk_a_rerun_resumes_without_duplicating_a_row()
    {
        var killed = await CliRunner.RunCrashingAtAsync("copy-after-chunk", Args("--only", "interactions", "--chunk-rows", "1000"));
        var partial = await _target.CountAsync("interactions");

        Assert.Equal(137, killed.ExitCode);
        Assert.InRange(partial, 1, InteractionDatabase.Interactions - 1);
        Assert.Equal("copying", await _target.ScalarAsync("SELECT state FROM upshift_copy WHERE target_table = 'interactions'"));

        var resumed = await CopyAsync("--only", "interactions", "--chunk-rows", "1000");

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Contains($"copy interactions: resuming after {partial:N0} rows", resumed.Stdout);
        Assert.Equal(InteractionDatabase.Interactions, await _target.CountAsync("interactions"));
        Assert.Equal(InteractionDatabase.Interactions, Convert.ToInt64(await _target.ScalarAsync("SELECT rows_copied FROM upshift_copy WHERE target_table = 'interactions'")));
        Assert.Matches(@"(?m)^interactions\s+4,500\s+4,500\s+(\w{16})\s+\1\s+equal$", resumed.Stdout);
    }

    [Fact]
    public async Task A_two_step_copy_keeps_the_newer_rows_the_new_release_wrote_meanwhile()
    {
        var first = await CopyAsync("--except", "interactions");
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal(0, await _target.CountAsync("interactions"));
        // The new release runs and writes: a new interaction, and one whose key the history also has (newer data).
        await _target.ExecuteAsync($"INSERT INTO interactions (interaction_id, agent_id, started, duration_s, note) VALUES (100001, 1, {InteractionDatabase.Time(9)}, 5, 'new release')");
        await _target.ExecuteAsync($"INSERT INTO interactions (interaction_id, agent_id, started, duration_s, note) VALUES (77, 1, {InteractionDatabase.Time(9)}, 5, 'newer than the history')");

        var second = await CopyAsync("--only", "interactions");

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(InteractionDatabase.Interactions + 1, await _target.CountAsync("interactions"));
        Assert.Equal("newer than the history", await _target.ScalarAsync("SELECT note FROM interactions WHERE interaction_id = 77"));
        Assert.Equal("call 78: é ü 漢 'quoted'", await _target.ScalarAsync("SELECT note FROM interactions WHERE interaction_id = 78"));
        Assert.Contains("4,499 rows, 1 kept in the target", second.Stdout);
        Assert.Matches(@"(?m)^interactions\s+4,500\s+4,501\s+\w{16}\s+\w{16}\s+equal \(1 newer rows only in the target, 1 kept\)$", second.Stdout);
    }

    [Fact]
    public async Task On_conflict_fail_stops_at_a_key_the_target_holds()
    {
        Assert.Equal(0, (await CopyAsync("--except", "interactions")).ExitCode);
        await _target.ExecuteAsync($"INSERT INTO interactions (interaction_id, agent_id, started, duration_s, note) VALUES (77, 1, {InteractionDatabase.Time(9)}, 5, 'newer')");

        var run = await CopyAsync("--only", "interactions", "--on-conflict", "fail");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("error: interactions already holds the row with key [\"77\"]", run.ErrorLine);
        Assert.Equal(1, await _target.CountAsync("interactions"));
    }

    [Fact]
    public async Task A_map_naming_a_column_the_source_lacks_is_refused_and_nothing_is_copied()
    {
        await File.WriteAllTextAsync(MapFile, InteractionDatabase.Map.Replace("drop: [legacy_flags, deleted]", "drop: [legacy_flags, deleted, vpabx_colour]", StringComparison.Ordinal));
        var line = InteractionDatabase.Map.Split('\n').ToList().FindIndex(l => l.Contains("drop: [legacy_flags", StringComparison.Ordinal)) + 1;

        var run = await CopyAsync();

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("vpabx_colour", run.ErrorLine);
        Assert.EndsWith($"(map.yaml:{line})", run.ErrorLine.Replace(MapFile, "map.yaml", StringComparison.Ordinal));
        foreach (var table in new[] { "business_units", "agents", "activity_states", "interactions" })
        {
            Assert.Equal(0, await _target.CountAsync(table));
        }
    }

    [Fact]
    public async Task A_source_column_the_target_lacks_and_the_map_does_not_drop_is_refused()
    {
        await File.WriteAllTextAsync(MapFile, InteractionDatabase.Map.Replace("drop: [first_name, last_name]", "drop: [first_name]", StringComparison.Ordinal));

        var run = await CopyAsync();

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("last_name", run.ErrorLine);
        Assert.Equal(0, await _target.CountAsync("agents"));
    }

    [Fact]
    public async Task Verification_finds_a_corrupted_target_row_and_names_its_key()
    {
        Assert.Equal(0, (await CopyAsync()).ExitCode);
        await _target.ExecuteAsync("UPDATE interactions SET duration_s = duration_s + 1 WHERE interaction_id = 4242");

        var run = await CopyAsync("--verify-only");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("error: verification failed: interactions: the row with key [\"4242\"] differs from the source's", run.ErrorLine);
        Assert.Matches(@"(?m)^agents\s+400\s+400\s+(\w{16})\s+\1\s+equal$", run.Stdout);
        Assert.Equal(4243 % 600, Convert.ToInt64(await _target.ScalarAsync("SELECT duration_s FROM interactions WHERE interaction_id = 4242")));
    }

    private static string? Password(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.UserInfo.Split(':') is [_, { Length: > 0 } password] ? Uri.UnescapeDataString(password) : null;

    private Task<CliResult> CopyAsync(params string[] extra) => CliRunner.RunAsync(Args(extra));

    private string[] Args(params string[] extra) =>
        ["copy", "--from", _source.Url, "--to", _target.Url, "--scripts", Scripts, "--map", MapFile, .. extra];
}
