using Upshift.Catalog;
using Upshift.History;
using Upshift.Planning;
using static Upshift.Tests.Planning.Plans;

namespace Upshift.Tests.Planning;

/// <summary>Repeatable scripts: after the versioned ones, only when new or changed, never ahead of a held-back schema.</summary>
public sealed class PlannerRepeatableTests
{
    private static readonly MigrationScript S1 = Script("V1__a.sql");
    private static readonly MigrationScript S2 = Script("V2__b.sql");
    private static readonly MigrationScript Same = Script("R__same.sql", "CREATE OR REPLACE VIEW same AS SELECT 1;");
    private static readonly MigrationScript Edited = Script("R__edited.sql", "CREATE OR REPLACE VIEW edited AS SELECT 2;");
    private static readonly MigrationScript Added = Script("R__added.sql", "CREATE OR REPLACE VIEW added AS SELECT 3;");

    private static HistoryRow[] History(params HistoryRow[] versioned) =>
    [
        .. versioned,
        Row(10, Same),
        Row(11, Edited, checksum: Checksums.Of("CREATE OR REPLACE VIEW edited AS SELECT 1;")),
    ];

    [Fact]
    public void Repeatables_run_after_versioned_scripts_in_name_order_when_new_or_changed()
    {
        var plan = Build(CatalogOf(Same, Edited, Added, S1, S2), History(Row(1, S1)));

        Assert.Equal(["V2__b.sql:pending", "R__added.sql:pending", "R__edited.sql:outdated"], Steps(plan));
        Assert.Equal(MigrationState.Applied, StateOf(plan, "R__same.sql"));
        Assert.Equal("2", plan.To!.Text);
        Assert.Empty(plan.Problems);
    }

    [Fact]
    public void Unchanged_repeatables_alone_are_up_to_date()
    {
        var plan = Build(CatalogOf(S1, Same), [Row(1, S1), Row(2, Same)]);

        Assert.True(plan.IsUpToDate);
        Assert.Equal("1", plan.To!.Text);
    }

    [Fact]
    public void Only_repeatables_changed_leaves_the_version_where_it_is()
    {
        var plan = Build(CatalogOf(S1, Same, Edited), History(Row(1, S1)));

        Assert.Equal(["R__edited.sql:outdated"], Steps(plan));
        Assert.Equal("1", plan.From!.Text);
        Assert.Equal("1", plan.To!.Text);
    }

    [Fact]
    public void The_last_successful_run_decides_whether_a_repeatable_changed()
    {
        var old = Row(1, Edited);
        var newer = Row(2, Edited, checksum: "0000");
        var back = Row(3, Edited);

        Assert.Equal(["R__edited.sql:outdated"], Steps(Build(CatalogOf(Edited), [old, newer])));
        Assert.Empty(Build(CatalogOf(Edited), [old, newer, back]).Steps);
    }

    [Fact]
    public void Repeatables_wait_while_the_target_holds_versioned_scripts_back()
    {
        var plan = Build(CatalogOf(S1, S2, Same, Edited, Added), History(), target: "1");

        Assert.Equal(["V1__a.sql:pending"], Steps(plan));
        Assert.Equal(MigrationState.AboveTarget, StateOf(plan, "V2__b.sql"));
        Assert.Equal(MigrationState.AboveTarget, StateOf(plan, "R__added.sql"));
        Assert.Equal(MigrationState.AboveTarget, StateOf(plan, "R__edited.sql"));
        Assert.Equal(MigrationState.Applied, StateOf(plan, "R__same.sql"));
        Assert.Equal("1", plan.To!.Text);
    }

    [Theory]
    [InlineData("2")]
    [InlineData("3")]
    public void Repeatables_run_when_the_target_holds_nothing_back(string target)
    {
        var plan = Build(CatalogOf(S1, S2, Same, Edited, Added), History(Row(1, S1)), target: target);

        Assert.Equal(["V2__b.sql:pending", "R__added.sql:pending", "R__edited.sql:outdated"], Steps(plan));
    }

    [Fact]
    public void Repeatables_run_when_everything_below_a_low_target_is_applied()
    {
        var plan = Build(CatalogOf(S1, S2, Added), [Row(1, S1), Row(2, S2)], target: "1");

        Assert.Equal(["R__added.sql:pending"], Steps(plan));
    }

    [Fact]
    public void A_failed_repeatable_is_retried()
    {
        var failed = Row(12, Added, success: false);

        var plan = Build(CatalogOf(S1, Same, Added), [Row(1, S1), Row(2, Same), failed]);

        var step = Assert.Single(plan.Steps);
        Assert.Equal(MigrationState.Failed, step.State);
        Assert.Same(failed, step.UnfinishedRow);
        Assert.Equal(0, step.ResumeFrom);
        Assert.Equal(PlanState.Failed, plan.State);
    }

    [Fact]
    public void A_partial_repeatable_resumes_when_unchanged_and_restarts_when_changed()
    {
        var partial = Row(3, Added, success: false, statementsDone: 1, statementHashes: HashesOfFirst(Added.Text, 1));
        var edited = Script("R__added.sql", "CREATE OR REPLACE VIEW added AS SELECT 4;");

        var resumed = Assert.Single(Build(CatalogOf(Added), [partial]).Steps);
        var restarted = Assert.Single(Build(CatalogOf(edited), [partial]).Steps);

        Assert.Equal(MigrationState.Partial, resumed.State);
        Assert.Equal(1, resumed.ResumeFrom);
        Assert.Same(partial, resumed.UnfinishedRow);
        Assert.Equal(MigrationState.Failed, restarted.State);
        Assert.Equal(0, restarted.ResumeFrom);
    }

    [Fact]
    public void A_failed_repeatable_waits_while_the_target_holds_versioned_scripts_back()
    {
        var plan = Build(CatalogOf(S1, S2, Added), [Row(1, S1), Row(2, Added, success: false)], target: "1");

        Assert.Empty(plan.Steps);
        Assert.Equal(MigrationState.Failed, StateOf(plan, "R__added.sql"));
    }

    [Fact]
    public void Repeatable_entries_have_no_version()
    {
        var plan = Build(CatalogOf(Same, Added), [Row(1, Same)]);

        Assert.All(plan.Entries, e => Assert.Null(e.Version));
        Assert.All(plan.Entries, e => Assert.Equal(HistoryKind.Repeatable, e.Kind));
        Assert.Null(plan.From);
        Assert.Null(plan.To);
    }
}
