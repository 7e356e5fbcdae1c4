using Upshift.Errors;
using Upshift.Runbooks;
using Upshift.Runbooks.Parsing;

namespace Upshift.Tests.Runbooks;

/// <summary>Reading runbook files: ids, nesting, variables, and every kind of bad input named by file and line.</summary>
public sealed class RunbookParserTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("upshift-runbook-parse-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public void Steps_get_default_ids_nested_ids_and_the_runbook_s_folder_and_ledger()
    {
        var runbook = Load("""
            runbook: icon
            vars: { svc: ./svc }
            components:
              idb: { db: "sqlite:idb.db", scripts: ./sql }
            steps:
              - exec: ${svc} stop
              - id: stopped
                wait-until: { file: ./run/pid, state: absent, timeout: 1m, on-timeout: [ { exec: ./kill-it } ] }
              - for-each:
                  member: [a, b]
                  steps:
                    - exec: ${svc} restart ${member}
                    - id: soak
                      hold: 24h
            rollback:
              - exec: ${svc} start
            """);

        Assert.Equal(["exec-1", "stopped", "stopped/exec-1", "ha[a]/exec-1", "ha[a]/soak", "ha[b]/exec-1", "ha[b]/soak", "rollback/exec-1"],
            RunbookParser.Flatten(runbook.Steps).Concat(runbook.Rollback).Select(s => s.Id).Select(id => id.Replace("for-each-3", "ha", StringComparison.Ordinal)));
        Assert.Equal("./svc restart b", runbook.Steps[4].Body.Scalar);
        Assert.Equal(Path.Combine(_folder.FullName, "runbook.state.db"), runbook.StatePath);
        Assert.False(runbook.Steps[0].Idempotent);
        Assert.True(runbook.Steps[1].Idempotent);
    }

    [Fact]
    public void A_step_s_fingerprint_follows_its_text_not_the_values_of_its_variables()
    {
        const string Text = "runbook: r\nsteps:\n  - exec: echo ${WHO}\n";
        var first = Load(Text, new Dictionary<string, string> { ["WHO"] = "a" });
        var second = Load(Text, new Dictionary<string, string> { ["WHO"] = "b" });
        var edited = Load(Text.Replace("echo", "printf", StringComparison.Ordinal), new Dictionary<string, string> { ["WHO"] = "a" });

        Assert.Equal(first.Steps[0].Hash, second.Steps[0].Hash);
        Assert.NotEqual(first.Steps[0].Hash, edited.Steps[0].Hash);
    }

    [Fact]
    public void For_each_members_may_come_from_one_variable_split_at_commas()
    {
        var runbook = Load("runbook: r\nsteps:\n  - id: ha\n    for-each:\n      member: ${MEMBERS}\n      steps:\n        - exec: restart ${member}\n", new Dictionary<string, string> { ["MEMBERS"] = "a, b" });

        Assert.Equal(["ha[a]/exec-1", "ha[b]/exec-1"], runbook.Steps.Select(s => s.Id));
        Assert.Equal("restart b", runbook.Steps[1].Body.Scalar);
    }

    [Fact]
    public void When_compares_after_variables_are_resolved()
    {
        var runbook = Load("runbook: r\nsteps:\n  - exec: a\n    when: ${env} == prod\n  - exec: b\n    when: ${env} != prod\n", new Dictionary<string, string> { ["env"] = "prod" });

        Assert.True(runbook.Steps[0].Applies);
        Assert.False(runbook.Steps[1].Applies);
    }

    [Theory]
    [InlineData("runbook: r\nsteps:\n  - exec: [unclosed\n", 3, "malformed YAML")]
    [InlineData("runbook: r\nsteps:\n  - exec: a\n  - launch: rocket\n", 4, "unknown step kind 'launch'")]
    [InlineData("runbook: r\nsteps:\n  - id: one\n    exec: a\n  - id: one\n    exec: b\n", 5, "the step id 'one' is used twice")]
    [InlineData("runbook: r\nsteps:\n  - id: One_Step\n    exec: a\n", 3, "may hold only a-z, 0-9 and -")]
    [InlineData("runbook: r\nsteps:\n  - exec: echo ${NOT_SET_ANYWHERE}\n", 3, "the variable ${NOT_SET_ANYWHERE} is not set")]
    [InlineData("runbook: r\nsteps:\n  - hold: forever\n", 3, "hold 'forever' is not a duration")]
    [InlineData("runbook: r\nsteps:\n  - exec: a\n    timeot: 5m\n", 4, "a exec step has no key 'timeot'")]
    [InlineData("runbook: r\nsteps:\n  - migrate: { component: nowhere }\n", 3, "unknown component 'nowhere'")]
    [InlineData("runbook: r\nsteps:\n  - exec: a\n    hold: 1h\n", 3, "a step has two kinds")]
    [InlineData("runbook: r\nsteps:\n  - restore: { backup: never-taken }\n", 3, "no backup step takes a backup named 'never-taken'")]
    [InlineData("runbook: r\nsteps:\n  - wait-until: { file: x, port: \"h:1\" }\n", 3, "wait-until waits for one thing")]
    [InlineData("runbook: r\nsteps:\n  - wait-until: { port: nohost }\n", 3, "port 'nohost' is not HOST:PORT")]
    [InlineData("runbook: r\nsteps:\n  - exec: a\nextra: 1\n", 4, "a runbook has no key 'extra'")]
    [InlineData("runbook: r\ncomponents:\n  a: { db: \"sqlite:a.db\", after: [b] }\n  b: { db: \"sqlite:b.db\", after: [a] }\nsteps:\n  - exec: x\n", 3, "the components' after: lists make a cycle: a -> b -> a")]
    [InlineData("runbook: r\ncomponents:\n  a: { db: \"sqlite:a.db\", requires: { c: \">= 1\" } }\nsteps:\n  - exec: x\n", 3, "component a names an unknown component 'c'")]
    [InlineData("runbook: r\ncomponents:\n  a: { db: \"sqlite:a.db\", scripts: s }\nsteps:\n  - check: { component: a, sql: SELECT 1 }\n", 5, "no comparison given")]
    public void Bad_input_is_one_error_naming_file_and_line(string text, int line, string message)
    {
        var error = Assert.Throws<UpshiftException>(() => Load(text));

        Assert.Equal(2, error.ExitCode);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(line, error.Line);
        Assert.EndsWith("runbook.yaml", error.File, StringComparison.Ordinal);
    }

    [Fact]
    public void A_runbook_without_steps_or_name_is_bad_input()
    {
        Assert.Contains("no steps", Assert.Throws<UpshiftException>(() => Load("runbook: r\n")).Message, StringComparison.Ordinal);
        Assert.Contains("no name", Assert.Throws<UpshiftException>(() => Load("steps:\n  - exec: a\n")).Message, StringComparison.Ordinal);
    }

    private Runbook Load(string text, IReadOnlyDictionary<string, string>? variables = null)
    {
        var path = Path.Combine(_folder.FullName, "runbook.yaml");
        File.WriteAllText(path, text.Replace("ha:", "ha:", StringComparison.Ordinal));
        var runbook = RunbookParser.Load(path, variables ?? new Dictionary<string, string>(), _ => null);
        return runbook;
    }
}
