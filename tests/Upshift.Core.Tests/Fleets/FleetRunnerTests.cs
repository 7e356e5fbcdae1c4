using System.Collections.Concurrent;
using System.Text.Json;
using Upshift.Diagnostics;
using Upshift.Errors;
using Upshift.Fleets;

namespace Upshift.Core.Tests.Fleets;

/// <summary>
/// The fleet's scheduling over any job: a job that pauses (a runbook at an approval) is its own state in the report, the
/// ledger and the status; a paused canary stops the rest; a target the job refuses stops the fleet before anything runs.
/// The job here stands for the work on a target; the ledger is a real SQLite file.
/// </summary>
public sealed class FleetRunnerTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("upshift-fleet-runner-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public async Task A_paused_target_is_its_own_state_and_a_rerun_runs_it_again_but_not_the_done_ones()
    {
        var targets = Write("- { name: a, db: 'sqlite:/a.db' }\n- { name: b, db: 'sqlite:/b.db' }\n- { name: c, db: 'sqlite:/c.db' }\n");
        var job = new ScriptedJob(new() { ["b"] = FleetTargetResult.Paused });

        var first = await RunAsync(job, targets, new FleetOptions());

        Assert.Equal(["done", "paused", "done"], first.Targets.Select(t => t.State));
        Assert.Equal("waiting at b", first.Targets[1].Error);
        Assert.Equal(new FleetSummary(2, 0, 0, 0, 1), first.Summary);
        Assert.False(first.Succeeded);
        Assert.True(first.OnlyPaused);
        var json = JsonSerializer.Serialize(first, FleetJsonContext.Default.FleetReport);
        Assert.Contains("\"summary\":{\"done\":2,\"failed\":0,\"skipped\":0,\"notStarted\":0,\"paused\":1}", json, StringComparison.Ordinal);

        await using (var ledger = await FleetLedger.OpenAsync(LedgerPath(targets), create: false))
        {
            var status = await FleetStatus.ReadAsync(ledger, targets, FleetShard.All);
            Assert.Equal((3, 2, 0, 1, 0), (status.Targets, status.Done, status.Failed, status.Paused, status.Pending));
            Assert.Equal("waiting at b", Assert.Single(status.PausedTargets!).Error);
        }

        job.Outcomes.Clear();
        var rerun = await RunAsync(job, targets, new FleetOptions());

        Assert.Equal(["skipped", "done", "skipped"], rerun.Targets.Select(t => t.State));
        Assert.Equal(["a", "b", "c", "b"], job.Ran);
        Assert.True(rerun.Succeeded);
    }

    [Fact]
    public async Task A_migration_s_document_keeps_its_shape_without_a_paused_count()
    {
        var targets = Write("sqlite:/a.db\n");
        var report = await RunAsync(new ScriptedJob([]), targets, new FleetOptions());

        var json = JsonSerializer.Serialize(report, FleetJsonContext.Default.FleetReport);
        Assert.EndsWith("\"summary\":{\"done\":1,\"failed\":0,\"skipped\":0,\"notStarted\":0}}", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_paused_canary_stops_the_rest_as_a_failed_one_does()
    {
        var targets = Write(string.Concat(Enumerable.Range(0, 6).Select(i => $"- {{ name: t{i}, db: 'sqlite:/t{i}.db' }}\n")));
        var job = new ScriptedJob(new() { ["t1"] = FleetTargetResult.Paused });

        var report = await RunAsync(job, targets, new FleetOptions { Canary = 2, Parallel = 2 });

        Assert.Equal(["done", "paused", "not-started", "not-started", "not-started", "not-started"], report.Targets.Select(t => t.State));
        Assert.Equal(["t0", "t1"], job.Ran.Order(StringComparer.Ordinal));
        Assert.False(report.OnlyPaused);
    }

    [Fact]
    public async Task A_target_the_job_refuses_stops_the_fleet_before_any_target_runs_naming_the_target_and_its_line()
    {
        var targets = Write("- { name: a, db: 'sqlite:/a.db' }\n- { name: bad, db: 'sqlite:/b.db' }\n");
        var job = new ScriptedJob([]) { Refuse = "bad" };

        var error = await Assert.ThrowsAsync<UpshiftException>(() => RunAsync(job, targets, new FleetOptions()));

        Assert.Equal((ExitCodes.BadInput, targets, 2), (error.ExitCode, error.File, error.Line));
        Assert.StartsWith("target 'bad': ", error.Message, StringComparison.Ordinal);
        Assert.Empty(job.Ran);
        Assert.False(File.Exists(LedgerPath(targets)));
    }

    private static async Task<FleetReport> RunAsync(IFleetJob job, string targets, FleetOptions options)
    {
        await using var ledger = await FleetLedger.OpenAsync(LedgerPath(targets), create: true);
        return await new FleetRunner(job, options, ledger).RunAsync(targets);
    }

    private static string LedgerPath(string targets) => FleetLedger.DefaultPath(targets);

    private string Write(string content)
    {
        var path = Path.Combine(_folder.FullName, Guid.NewGuid().ToString("N") + ".yaml");
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Ends each target as told (done unless named), and records the targets it ran.</summary>
    private sealed class ScriptedJob(Dictionary<string, string> outcomes) : IFleetJob
    {
        private readonly ConcurrentQueue<string> _ran = new();

        public Dictionary<string, string> Outcomes { get; } = outcomes;

        public string? Refuse { get; init; }

        public IReadOnlyList<string> Ran => [.. _ran];

        public Task CheckAsync(FleetTarget target, CancellationToken cancellationToken) =>
            target.Name == Refuse ? throw new UpshiftException(ErrorCode.BadArguments, "refused") : Task.CompletedTask;

        public Task<FleetOutcome> RunAsync(FleetTarget target, Redactor redactor, CancellationToken cancellationToken)
        {
            _ran.Enqueue(target.Name);
            var state = Outcomes.GetValueOrDefault(target.Name, FleetTargetResult.Done);
            return Task.FromResult(new FleetOutcome(state, null, null, state == FleetTargetResult.Done ? null : $"waiting at {target.Name}"));
        }
    }
}
