using Upshift.Planning;
using static Upshift.Tests.Planning.Plans;

namespace Upshift.Tests.Planning;

/// <summary>Failed and partial attempts, undo rows, and the state that status reports.</summary>
public sealed class PlannerResumeTests
{
    // Four statements starting on lines 1, 2, 4 and 5.
    private const string FourStatements = "CREATE TABLE a (id int);\nCREATE TABLE b (id int);\n\nCREATE TABLE c (id int);\nCREATE TABLE d (id int);\n";

    private static readonly string FirstTwoHashes = HashesOfFirst(FourStatements, 2);

    [Fact]
    public void A_failed_attempt_is_retried_from_the_start()
    {
        var (s27, s29, s32) = (Upgrade(27), Upgrade(29), Upgrade(32));
        var failed = Row(2, s29, success: false);

        var plan = Build(CatalogOf(s27, s29, s32), [Row(1, s27), failed]);

        Assert.Equal(["Upgrade_8.1.100.29_postgres.sql:failed", "Upgrade_8.1.100.32_postgres.sql:pending"], Steps(plan));
        var step = plan.Steps[0];
        Assert.Same(failed, step.UnfinishedRow);
        Assert.Equal(0, step.ResumeFrom);
        Assert.Equal(PlanState.Failed, plan.State);
        Assert.Empty(plan.Problems);
        Assert.Equal("8.1.100.27", plan.From!.Text);
        Assert.Equal("8.1.100.32", plan.To!.Text);
    }

    [Fact]
    public void A_partial_attempt_resumes_after_the_recorded_statements()
    {
        var (s27, s29) = (Upgrade(27), Upgrade(29, FourStatements));
        var partial = Row(2, s29, success: false, statementsDone: 2, statementHashes: FirstTwoHashes);

        var plan = Build(CatalogOf(s27, s29, Upgrade(32)), [Row(1, s27), partial]);

        Assert.Equal(["Upgrade_8.1.100.29_postgres.sql:partial", "Upgrade_8.1.100.32_postgres.sql:pending"], Steps(plan));
        var step = plan.Steps[0];
        Assert.Equal(2, step.ResumeFrom);
        Assert.Same(partial, step.UnfinishedRow);
        Assert.Equal("2 of 4 statements applied", step.Detail);
        Assert.Equal("2 of 4 statements applied", Assert.Single(plan.Entries, e => e.Script == s29.Path).Detail);
        Assert.Equal(PlanState.Partial, plan.State);
        Assert.Empty(plan.Problems);
    }

    [Fact]
    public void Line_ending_changes_do_not_count_as_edits_of_applied_statements()
    {
        var s29 = Upgrade(29, FourStatements.Replace("\n", "\r\n", StringComparison.Ordinal));
        var partial = Row(1, s29, success: false, statementsDone: 2, statementHashes: FirstTwoHashes);

        var plan = Build(CatalogOf(s29), [partial]);

        Assert.Empty(plan.Problems);
        Assert.Equal(2, Assert.Single(plan.Steps).ResumeFrom);
    }

    [Theory]
    [InlineData("CREATE TABLE a (id int);", "CREATE TABLE a (id bigint);", 1, 1)]
    [InlineData("CREATE TABLE a (id int);", "\n\nCREATE TABLE a (id bigint);", 1, 3)]
    [InlineData("CREATE TABLE b (id int);", "CREATE TABLE b (id bigint);", 2, 2)]
    [InlineData("CREATE TABLE b (id int);", "CREATE TABLE b (id int, x int);", 2, 2)]
    public void An_edited_applied_statement_of_a_partial_script_is_changed(string original, string edited, int statement, int line)
    {
        var s29 = Upgrade(29, FourStatements.Replace(original, edited, StringComparison.Ordinal));
        var partial = Row(1, s29, success: false, statementsDone: 2, statementHashes: FirstTwoHashes, checksum: Upgrade(29, FourStatements).Checksum);

        var plan = Build(CatalogOf(s29), [partial]);

        var problem = Assert.Single(plan.Problems);
        Assert.Equal(MigrationState.Changed, problem.State);
        Assert.Equal(s29.Path, problem.Script);
        Assert.Equal("8.1.100.29", problem.Version);
        Assert.Equal(line, problem.Line);
        Assert.Contains($"statement {statement} ", problem.Message, StringComparison.Ordinal);
        Assert.Equal(MigrationState.Partial, StateOf(plan, s29.Path));
    }

    [Fact]
    public void Editing_a_statement_not_yet_applied_is_fine()
    {
        var s29 = Upgrade(29, FourStatements.Replace("TABLE c (id int)", "TABLE c (id bigint)", StringComparison.Ordinal) + "CREATE TABLE e (id int);\n");
        var partial = Row(1, s29, success: false, statementsDone: 2, statementHashes: FirstTwoHashes);

        var plan = Build(CatalogOf(s29), [partial]);

        Assert.Empty(plan.Problems);
        var step = Assert.Single(plan.Steps);
        Assert.Equal(2, step.ResumeFrom);
        Assert.Equal("2 of 5 statements applied", step.Detail);
    }

    [Fact]
    public void A_partial_script_cut_below_its_applied_statements_is_changed()
    {
        var s29 = Upgrade(29, "CREATE TABLE a (id int);\n");
        var partial = Row(1, s29, success: false, statementsDone: 2, statementHashes: FirstTwoHashes);

        var problem = Assert.Single(Build(CatalogOf(s29), [partial]).Problems);

        Assert.Equal(MigrationState.Changed, problem.State);
        Assert.Contains("1 statements but 2 were already applied", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_partial_script_that_no_longer_splits_is_changed_at_the_line()
    {
        var s29 = Upgrade(29, FourStatements + "\nSELECT 'unterminated;\n");
        var partial = Row(1, s29, success: false, statementsDone: 2, statementHashes: FirstTwoHashes);

        var problem = Assert.Single(Build(CatalogOf(s29), [partial]).Problems);

        Assert.Equal(MigrationState.Changed, problem.State);
        Assert.Equal(7, problem.Line);
    }

    [Fact]
    public void A_later_success_clears_an_earlier_failure()
    {
        var s29 = Upgrade(29);

        var plan = Build(CatalogOf(s29), [Row(1, s29, success: false), Row(2, s29, success: false, statementsDone: 1), Row(3, s29)]);

        Assert.True(plan.IsUpToDate);
        Assert.Equal(MigrationState.Applied, StateOf(plan, s29.Path));
        Assert.Equal(PlanState.Clean, plan.State);
        Assert.Equal("8.1.100.29", plan.From!.Text);
    }

    [Fact]
    public void Partial_outranks_failed_in_the_state()
    {
        var (s1, s2) = (Script("V1__a.sql"), Script("V2__b.sql", FourStatements));

        var plan = Build(CatalogOf(s1, s2), [Row(1, s1, success: false), Row(2, s2, success: false, statementsDone: 2, statementHashes: FirstTwoHashes)]);

        Assert.Equal(["V1__a.sql:failed", "V2__b.sql:partial"], Steps(plan));
        Assert.Equal(PlanState.Partial, plan.State);
    }

    [Fact]
    public void An_unfinished_attempt_above_the_target_is_not_run_but_still_reported()
    {
        var (s27, s29, s32) = (Upgrade(27), Upgrade(29), Upgrade(32));
        var repeatable = Script("R__views.sql");

        var plan = Build(CatalogOf(s27, s29, s32, repeatable), [Row(1, s27), Row(2, s32, success: false)], target: "8.1.100.29");

        Assert.Equal(["Upgrade_8.1.100.29_postgres.sql:pending"], Steps(plan));
        Assert.Equal("8.1.100.29", plan.To!.Text);
        Assert.Equal(MigrationState.Failed, StateOf(plan, s32.Path));
        Assert.Equal(PlanState.Failed, plan.State);
    }

    [Fact]
    public void A_partially_applied_script_gone_from_the_folder_is_reported()
    {
        var (s27, s29) = (Upgrade(27), Upgrade(29, FourStatements));

        var partial = Row(2, s29, success: false, statementsDone: 2, statementHashes: FirstTwoHashes);

        var plan = Build(CatalogOf(s27, Upgrade(32)), [Row(1, s27), partial]);

        var problem = Assert.Single(plan.Problems);
        Assert.Equal(MigrationState.Missing, problem.State);
        Assert.Equal(s29.Path, problem.Script);
        Assert.Equal("8.1.100.29", problem.Version);
        Assert.Contains("2 statements applied", problem.Message, StringComparison.Ordinal);
        var entry = Assert.Single(plan.Entries, e => e.Script == s29.Path);
        Assert.Equal(MigrationState.Partial, entry.State);
        Assert.Null(entry.File);
        Assert.Same(partial, entry.Row);
        Assert.Equal(PlanState.Partial, plan.State);
        Assert.Equal(["Upgrade_8.1.100.32_postgres.sql:pending"], Steps(plan));
    }

    [Fact]
    public void A_failed_attempt_at_a_script_gone_from_the_folder_changed_nothing()
    {
        var (s27, s29) = (Upgrade(27), Upgrade(29));

        var plan = Build(CatalogOf(s27, Upgrade(32)), [Row(1, s27), Row(2, s29, success: false)]);

        Assert.Empty(plan.Problems);
        Assert.Equal(["Upgrade_8.1.100.32_postgres.sql:pending"], Steps(plan));
    }

    [Fact]
    public void A_successful_undo_makes_the_version_pending_again()
    {
        var (s27, s29, s32, u32) = (Upgrade(27), Upgrade(29), Upgrade(32), Script("U8.1.100.32__revert.sql"));

        var plan = Build(CatalogOf(s27, s29, s32, u32), [Row(1, s27), Row(2, s29), Row(3, s32), Undo(4, u32)]);

        Assert.Equal(["Upgrade_8.1.100.32_postgres.sql:pending"], Steps(plan));
        Assert.Equal("8.1.100.29", plan.From!.Text);
        Assert.Equal("8.1.100.32", plan.To!.Text);
        Assert.Empty(plan.Problems);
        Assert.DoesNotContain(plan.Steps, s => s.Script == u32);
    }

    [Fact]
    public void Undoing_two_versions_makes_both_pending_in_order()
    {
        var (s1, s2, s3, u2, u3) = (Script("V1__a.sql"), Script("V2__b.sql"), Script("V3__c.sql"), Script("U2__b.sql"), Script("U3__c.sql"));

        var plan = Build(CatalogOf(s1, s2, s3, u2, u3), [Row(1, s1), Row(2, s2), Row(3, s3), Undo(4, u3), Undo(5, u2)]);

        Assert.Equal(["V2__b.sql:pending", "V3__c.sql:pending"], Steps(plan));
        Assert.Equal("1", plan.From!.Text);
        Assert.Empty(plan.Problems);
    }

    [Fact]
    public void A_failed_undo_leaves_the_version_applied()
    {
        var (s1, s2, u2) = (Script("V1__a.sql"), Script("V2__b.sql"), Script("U2__b.sql"));

        var plan = Build(CatalogOf(s1, s2, u2), [Row(1, s1), Row(2, s2), Undo(3, u2, success: false)]);

        Assert.True(plan.IsUpToDate);
        Assert.Equal("2", plan.From!.Text);
    }

    [Fact]
    public void A_version_reapplied_after_its_undo_is_applied()
    {
        var (s1, s2, u2) = (Script("V1__a.sql"), Script("V2__b.sql"), Script("U2__b.sql"));

        var plan = Build(CatalogOf(s1, s2, u2), [Row(1, s1), Row(2, s2), Undo(3, u2), Row(4, s2)]);

        Assert.True(plan.IsUpToDate);
        Assert.Equal(MigrationState.Applied, StateOf(plan, "V2__b.sql"));
        Assert.Equal(5, plan.History.NextRank);
    }
}
