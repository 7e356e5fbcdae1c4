using Upshift.Conformance;

namespace Upshift.Sqlite.Tests.Runbooks;

/// <summary>Bad runbooks, edits under finished steps, a second run at once and secrets: exit codes of RUNBOOKS.md, one line, nothing run.</summary>
public sealed class RunbookInputTests : IDisposable
{
    private readonly RunbookFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("runbook: r\nsteps:\n  - exec: touch ran.txt\n  - exec: [broken\n", 4, "malformed YAML")]
    [InlineData("runbook: r\nsteps:\n  - exec: touch ran.txt\n  - teleport: now\n", 4, "unknown step kind 'teleport'")]
    [InlineData("runbook: r\nsteps:\n  - id: a\n    exec: touch ran.txt\n  - id: a\n    exec: echo\n", 5, "the step id 'a' is used twice")]
    [InlineData("runbook: r\ncomponents:\n  x: { db: \"sqlite:x.db\", after: [y] }\n  y: { db: \"sqlite:y.db\", after: [x] }\nsteps:\n  - exec: touch ran.txt\n", 3, "make a cycle")]
    [InlineData("runbook: r\nsteps:\n  - exec: touch ran.txt\n  - migrate: { component: idb }\n", 4, "unknown component 'idb'")]
    [InlineData("runbook: r\nsteps:\n  - exec: touch ran.txt\n  - exec: echo ${RUNBOOK_TEST_UNSET_VAR}\n", 4, "the variable ${RUNBOOK_TEST_UNSET_VAR} is not set")]
    public async Task A_bad_runbook_is_exit_2_with_file_and_line_and_nothing_runs(string text, int line, string message)
    {
        _folder.Write("runbook.yaml", text);

        var run = await _folder.RunAsync();

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.StartsWith("error: ", run.ErrorLine, StringComparison.Ordinal);
        Assert.Contains(message, run.ErrorLine, StringComparison.Ordinal);
        Assert.EndsWith($"runbook.yaml:{line})", run.ErrorLine, StringComparison.Ordinal);
        Assert.False(_folder.Exists("ran.txt"));
        Assert.False(_folder.Exists("runbook.state.db"));
    }

    [Fact]
    public async Task A_finished_step_edited_afterwards_is_refused_with_exit_3_and_steps_may_be_added_after_the_last_one()
    {
        _folder.Write("runbook.yaml", "runbook: r\nsteps:\n  - id: one\n    exec: echo one >> done.txt\n");
        Assert.Equal(0, (await _folder.RunAsync()).ExitCode);

        _folder.Write("runbook.yaml", "runbook: r\nsteps:\n  - id: one\n    exec: echo ONE >> done.txt\n");
        var edited = await _folder.RunAsync();

        Assert.True(edited.ExitCode == 3, edited.ToString());
        Assert.Contains("step one is finished, and the runbook now says something else for it (", edited.ErrorLine, StringComparison.Ordinal);

        _folder.Write("runbook.yaml", "runbook: r\nsteps:\n  - id: zero\n    exec: echo zero >> done.txt\n  - id: one\n    exec: echo one >> done.txt\n");
        var inserted = await _folder.RunAsync();

        Assert.True(inserted.ExitCode == 3, inserted.ToString());
        Assert.Contains("step zero was added before the finished step one", inserted.ErrorLine, StringComparison.Ordinal);

        _folder.Write("runbook.yaml", "runbook: r\nsteps:\n  - id: one\n    exec: echo one >> done.txt\n  - id: two\n    exec: echo two >> done.txt\n");
        var appended = await _folder.RunAsync();

        Assert.True(appended.ExitCode == 0, appended.ToString());
        Assert.Equal("one\ntwo\n", _folder.Read("done.txt"));
    }

    [Fact]
    public async Task A_second_run_of_the_same_runbook_waits_for_the_lock_then_exits_4()
    {
        _folder.Write("runbook.yaml", "runbook: r\nsteps:\n  - id: slow\n    exec: sleep 20\n");
        using var first = _folder.Start();
        try
        {
            await _folder.WaitForStateAsync("slow", "running", first);

            var second = await _folder.RunAsync("--lock-timeout", "1");

            Assert.True(second.ExitCode == 4, second.ToString());
            Assert.Contains("another run of this runbook is still going after", second.ErrorLine, StringComparison.Ordinal);
        }
        finally
        {
            RunbookFolder.Kill(first);
        }
    }

    [Fact]
    public async Task A_secret_from_the_environment_never_appears_in_output_ledger_or_json()
    {
        const string Secret = "pa55-w0rd-Zq";
        _folder.Write("runbook.yaml", "runbook: r\nsteps:\n  - id: show\n    exec: echo connecting with ${DB_PASSWORD}\n  - id: fail\n    exec: echo \"bad ${DB_PASSWORD}\" && exit 3\n");
        var environment = new Dictionary<string, string> { ["DB_PASSWORD"] = Secret };

        var run = await _folder.RunAsync(environment, "--json");
        var status = await _folder.RunAsync(environment, "--status");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("connecting with ***", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, run.Stdout + run.Stderr + status.Stdout + status.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, System.Text.Encoding.UTF8.GetString(File.ReadAllBytes(_folder.StatePath)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approve_naming_a_step_the_runbook_lacks_is_bad_input()
    {
        _folder.Write("runbook.yaml", "runbook: r\nsteps:\n  - exec: touch ran.txt\n");

        var run = await _folder.RunAsync("--approve", "nope");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("the runbook has no step 'nope'", run.ErrorLine, StringComparison.Ordinal);
        Assert.False(_folder.Exists("ran.txt"));
    }
}
