using Upshift.Conformance;

namespace Upshift.Sqlite.Tests.Runbooks;

/// <summary>Where a person or a clock decides: approvals, holds, not-before, waits that time out, and on-timeout steps let through by --allow.</summary>
public sealed class RunbookPauseTests : IDisposable
{
    private readonly RunbookFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task An_approval_pauses_the_run_until_approve_names_it()
    {
        _folder.Write("runbook.yaml", "runbook: r\nsteps:\n  - id: go\n    approve: switch the traffic over?\n  - exec: echo after >> done.txt\n");

        var paused = await _folder.RunAsync();

        Assert.True(paused.ExitCode == 5, paused.ToString());
        Assert.Contains("paused: go: waiting for approval: switch the traffic over?; rerun with --approve go", paused.Stdout, StringComparison.Ordinal);
        Assert.False(_folder.Exists("done.txt"));
        Assert.Equal("paused", _folder.LedgerState("go"));

        var approved = await _folder.RunAsync("--approve", "go");

        Assert.True(approved.ExitCode == 0, approved.ToString());
        Assert.Equal("after\n", _folder.Read("done.txt"));
        Assert.Equal("approved (--approve go)", (await _folder.StepsAsync())["go"].GetProperty("observation").GetString());
    }

    [Fact]
    public async Task A_hold_longer_than_max_sleep_pauses_and_a_short_one_is_slept_through()
    {
        _folder.Write("runbook.yaml", "runbook: r\nsteps:\n  - id: soak\n    hold: 24h\n  - exec: echo next >> done.txt\n");

        var paused = await _folder.RunAsync();

        Assert.True(paused.ExitCode == 5, paused.ToString());
        Assert.Matches(@"holding until \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z \(23h59m left", paused.Stdout);
        Assert.False(_folder.Exists("done.txt"));

        var again = await _folder.RunAsync();

        Assert.True(again.ExitCode == 5, again.ToString());
        Assert.Equal("paused", _folder.LedgerState("soak"));
        Assert.False(_folder.Exists("done.txt"));
    }

    [Fact]
    public async Task A_short_hold_counts_down_and_finishes()
    {
        _folder.Write("runbook.yaml", "runbook: r\nsteps:\n  - id: soak\n    hold: 1500ms\n  - exec: echo next >> done.txt\n");

        var run = await _folder.RunAsync();

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("[soak]   hold: ", run.Stdout, StringComparison.Ordinal);
        Assert.Equal("next\n", _folder.Read("done.txt"));
        var soak = (await _folder.StepsAsync())["soak"];
        var took = DateTime.Parse(soak.GetProperty("endedAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture) - DateTime.Parse(soak.GetProperty("startedAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(took >= TimeSpan.FromMilliseconds(1400), $"the hold ended after {took}");
    }

    [Fact]
    public async Task Not_before_counts_from_the_previous_step_s_end_and_pauses_past_max_sleep()
    {
        _folder.Write("runbook.yaml", "runbook: r\nsteps:\n  - exec: echo upgraded >> done.txt\n  - id: drop-old\n    not-before: 7d\n    exec: echo dropped >> done.txt\n");

        var run = await _folder.RunAsync();

        Assert.True(run.ExitCode == 5, run.ToString());
        Assert.Contains("paused: drop-old: not before ", run.Stdout, StringComparison.Ordinal);
        Assert.Equal("upgraded\n", _folder.Read("done.txt"));
        Assert.Equal("paused", (await _folder.RunAsync("--status", "--json")).Json.GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_wait_that_times_out_fails_naming_what_it_saw()
    {
        _folder.Write("runbook.yaml", "runbook: r\nsteps:\n  - id: drained\n    wait-until: { file: ./queue/busy.flag, state: absent, interval: 100ms, timeout: 700ms }\n");
        _folder.Write("queue/busy.flag", "1");

        var run = await _folder.RunAsync();

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("failed: drained: still not there after 700ms: ./queue/busy.flag present", run.Stdout, StringComparison.Ordinal);
        var observation = (await _folder.StepsAsync())["drained"].GetProperty("observation").GetString()!;
        Assert.Matches(@"^\./queue/busy\.flag present \(\d+ polls\)$", observation);
    }

    [Fact]
    public async Task A_wait_with_on_timeout_pauses_until_allow_lets_its_steps_run()
    {
        _folder.Write("runbook.yaml", """
            runbook: r
            steps:
              - id: flushed
                wait-until:
                  file: ./stale.rows
                  state: absent
                  interval: 100ms
                  timeout: 500ms
                  on-timeout:
                    - id: mark-ignored
                      exec: rm stale.rows && echo marked >> done.txt
              - exec: echo upgraded >> done.txt
            """);
        _folder.Write("stale.rows", "3 rows\n");

        var paused = await _folder.RunAsync();

        Assert.True(paused.ExitCode == 5, paused.ToString());
        Assert.Contains("rerun with --allow flushed to run its on-timeout steps", paused.Stdout, StringComparison.Ordinal);
        Assert.False(_folder.Exists("done.txt"));

        var allowed = await _folder.RunAsync("--allow", "flushed");

        Assert.True(allowed.ExitCode == 0, allowed.ToString());
        Assert.Equal("marked\nupgraded\n", _folder.Read("done.txt"));
        var steps = await _folder.StepsAsync();
        Assert.Equal("done", steps["flushed/mark-ignored"].GetProperty("state").GetString());
        Assert.Contains("on-timeout allowed by the operator", steps["flushed"].GetProperty("observation").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_step_whose_when_does_not_hold_is_skipped()
    {
        _folder.Write("runbook.yaml", "runbook: r\nvars: { site: lab }\nsteps:\n  - id: prod-only\n    when: ${site} == prod\n    exec: echo prod >> done.txt\n  - exec: echo always >> done.txt\n");

        var run = await _folder.RunAsync();

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("always\n", _folder.Read("done.txt"));
        Assert.Equal("skipped", _folder.LedgerState("prod-only"));
        Assert.Equal(0, (await _folder.RunAsync("--var", "site=prod")).ExitCode);
        Assert.Equal("always\n", _folder.Read("done.txt"));
    }

    [Fact]
    public async Task A_retried_step_tries_again_after_its_delay_and_counts_attempts()
    {
        _folder.Write("runbook.yaml", "runbook: r\nsteps:\n  - id: flaky\n    retry: { attempts: 3, delay: 100ms }\n    exec: echo try >> tries.txt && test $(wc -l < tries.txt) -ge 3\n");

        var run = await _folder.RunAsync();

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(3, _folder.Read("tries.txt").Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(3, (await _folder.StepsAsync())["flaky"].GetProperty("attempts").GetInt32());
    }
}
