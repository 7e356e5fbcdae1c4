using Upshift.History;
using Upshift.Planning;
using static Upshift.Tests.Planning.Plans;

namespace Upshift.Tests.Planning;

/// <summary>Which versioned scripts run, in which order, from which version to which.</summary>
public sealed class PlannerTests
{
    private static readonly string[] None = [];

    private static string[] Split(string list) => list.Length == 0 ? None : list.Split(' ');

    // DOMAIN.md, "Versions and upgrade scripts": shipped 27, 29, 32.
    [Theory]
    [InlineData("8.1.100.28", "29 32", "27", "8.1.100.32")]
    [InlineData("8.1.100.27", "29 32", "27", "8.1.100.32")]
    [InlineData("8.1.100.32", "", "27 29 32", "8.1.100.32")]
    [InlineData("8.1.100.35", "", "27 29 32", "8.1.100.35")]
    [InlineData("8.1.100.26", "27 29 32", "", "8.1.100.32")]
    [InlineData("8.1.99", "27 29 32", "", "8.1.100.32")]
    [InlineData("8.1.100.28.5", "29 32", "27", "8.1.100.32")]
    [InlineData("8_1_100_29", "32", "27 29", "8.1.100.32")]
    public void Worked_cases_from_a_version_read_by_the_version_query(string old, string run, string covered, string to)
    {
        var catalog = CatalogOf(Upgrade(32), Upgrade(27), Upgrade(29));

        var plan = Build(catalog, [], adopted: old);

        AssertWorkedCase(plan, old, run, covered, to);
        Assert.Equal(V(old), plan.AdoptedVersion);
        Assert.Equal(old, plan.AdoptedVersion!.Text);
    }

    [Theory]
    [InlineData("8.1.100.28", "29 32", "27", "8.1.100.32")]
    [InlineData("8.1.100.27", "29 32", "27", "8.1.100.32")]
    [InlineData("8.1.100.32", "", "27 29 32", "8.1.100.32")]
    [InlineData("8.1.100.35", "", "27 29 32", "8.1.100.35")]
    [InlineData("8.1.100.26", "27 29 32", "", "8.1.100.32")]
    [InlineData("8_1_100_29", "32", "27 29", "8.1.100.32")]
    public void Worked_cases_from_a_baseline_row(string old, string run, string covered, string to)
    {
        var catalog = CatalogOf(Upgrade(27), Upgrade(29), Upgrade(32));

        var plan = Build(catalog, [Baseline(1, old)], adopted: "8.1.100.1");

        AssertWorkedCase(plan, old, run, covered, to);
        Assert.Null(plan.AdoptedVersion);
        Assert.Equal(V(old), plan.History.Baseline);
        Assert.Equal(2, plan.History.NextRank);
    }

    private static void AssertWorkedCase(MigrationPlan plan, string old, string run, string covered, string to)
    {
        Assert.Equal(Split(run).Select(b => $"Upgrade_8.1.100.{b}_postgres.sql:pending"), Steps(plan));
        Assert.All(plan.Steps, s => Assert.Equal(0, s.ResumeFrom));
        Assert.All(plan.Steps, s => Assert.Null(s.UnfinishedRow));
        foreach (var build in Split(covered))
        {
            Assert.Equal(MigrationState.BelowBaseline, StateOf(plan, $"Upgrade_8.1.100.{build}_postgres.sql"));
        }

        Assert.Empty(plan.Problems);
        Assert.Equal(old, plan.From!.Text);
        Assert.Equal(to, plan.To!.Text);
        Assert.Equal(run.Length == 0, plan.IsUpToDate);
        Assert.Equal(PlanState.Clean, plan.State);
    }

    [Fact]
    public void A_fresh_database_runs_everything_from_nothing()
    {
        var plan = Build(CatalogOf(Upgrade(27), Upgrade(29)), []);

        Assert.Equal(["Upgrade_8.1.100.27_postgres.sql:pending", "Upgrade_8.1.100.29_postgres.sql:pending"], Steps(plan));
        Assert.Null(plan.From);
        Assert.Equal("8.1.100.29", plan.To!.Text);
        Assert.Null(plan.AdoptedVersion);
    }

    [Fact]
    public void Nothing_shipped_and_nothing_applied_is_up_to_date_at_no_version()
    {
        var plan = Build(CatalogOf(), []);

        Assert.True(plan.IsUpToDate);
        Assert.Null(plan.From);
        Assert.Null(plan.To);
        Assert.Empty(plan.Entries);
        Assert.Equal(PlanState.Clean, plan.State);
    }

    [Fact]
    public void Pending_scripts_run_in_numeric_version_order()
    {
        var scripts = new[] { "V1.10__j.sql", "V2__k.sql", "V1.9__i.sql", "V1_2__b.sql", "V20191100000001000000__z.sql", "V1.2.1__c.sql", "V10__l.sql" };
        var catalog = CatalogOf([.. scripts.Select(p => Script(p))]);

        var plan = Build(catalog, []);

        Assert.Equal(
            ["V1_2__b.sql", "V1.2.1__c.sql", "V1.9__i.sql", "V1.10__j.sql", "V2__k.sql", "V10__l.sql", "V20191100000001000000__z.sql"],
            plan.Steps.Select(s => s.Script.Path));
        Assert.Equal("20191100000001000000", plan.To!.Text);
    }

    [Fact]
    public void Applied_scripts_are_not_planned_and_from_is_the_highest_applied()
    {
        var (s27, s29, s32) = (Upgrade(27), Upgrade(29), Upgrade(32));

        var plan = Build(CatalogOf(s27, s29, s32), [Row(1, s27), Row(2, s29)], adopted: "8.1.100.40");

        Assert.Equal(["Upgrade_8.1.100.32_postgres.sql:pending"], Steps(plan));
        Assert.Equal(MigrationState.Applied, StateOf(plan, s27.Path));
        Assert.Equal(MigrationState.Applied, StateOf(plan, s29.Path));
        Assert.Equal("8.1.100.29", plan.From!.Text);
        Assert.Equal("8.1.100.32", plan.To!.Text);
        Assert.Null(plan.AdoptedVersion);
        Assert.Equal(3, plan.History.NextRank);
    }

    [Fact]
    public void Applied_entries_keep_the_history_facts()
    {
        var s27 = Upgrade(27);
        var row = Row(7, s27);

        var entry = Assert.Single(Build(CatalogOf(s27), [row]).Entries);

        Assert.Equal(MigrationState.Applied, entry.State);
        Assert.Equal("8.1.100.27", entry.Version);
        Assert.Equal(HistoryKind.Versioned, entry.Kind);
        Assert.Equal(s27.Checksum, entry.Checksum);
        Assert.Equal(row.AppliedAt, entry.AppliedAt);
        Assert.Same(row, entry.Row);
        Assert.Same(s27, entry.File);
    }

    [Fact]
    public void A_baseline_above_applied_rows_is_the_current_version()
    {
        var (s27, s29, s32) = (Upgrade(27), Upgrade(29), Upgrade(32));

        var plan = Build(CatalogOf(s27, s29, s32), [Row(1, s27), Baseline(2, "8.1.100.30")]);

        Assert.Equal(["Upgrade_8.1.100.32_postgres.sql:pending"], Steps(plan));
        Assert.Equal(MigrationState.BelowBaseline, StateOf(plan, s29.Path));
        Assert.Equal("8.1.100.30", plan.From!.Text);
    }

    [Fact]
    public void An_applied_version_wins_over_the_version_query()
    {
        var (s27, s29, s32) = (Upgrade(27), Upgrade(29), Upgrade(32));

        var plan = Build(CatalogOf(s27, s29, s32), [Row(1, s27)], adopted: "8.1.100.30");

        Assert.Null(plan.AdoptedVersion);
        Assert.Equal("8.1.100.27", plan.From!.Text);
        Assert.Equal(["Upgrade_8.1.100.29_postgres.sql:pending", "Upgrade_8.1.100.32_postgres.sql:pending"], Steps(plan));
    }

    [Theory]
    [InlineData("8.1.100.29", "29", "8.1.100.29")]
    [InlineData("8.1.100.29.0", "29", "8.1.100.29")]
    [InlineData("8.1.100.31", "29", "8.1.100.29")]
    [InlineData("8.1.100.32", "29 32", "8.1.100.32")]
    [InlineData("9", "29 32 35", "8.1.100.35")]
    [InlineData("8.1.100.28", "", "8.1.100.27")]
    [InlineData("8.1.100.20", "", "8.1.100.27")]
    public void Target_limits_the_versioned_steps(string target, string run, string to)
    {
        var (s27, s29, s32, s35) = (Upgrade(27), Upgrade(29), Upgrade(32), Upgrade(35));

        var plan = Build(CatalogOf(s27, s29, s32, s35), [Row(1, s27)], target: target);

        Assert.Equal(Split(run).Select(b => $"Upgrade_8.1.100.{b}_postgres.sql:pending"), Steps(plan));
        Assert.Equal(to, plan.To!.Text);
        Assert.Equal("8.1.100.27", plan.From!.Text);
        foreach (var script in new[] { s29, s32, s35 }.Where(s => s.Version > V(target)))
        {
            Assert.Equal(MigrationState.AboveTarget, StateOf(plan, script.Path));
        }

        Assert.Empty(plan.Problems);
    }

    [Fact]
    public void Adopted_version_and_target_together()
    {
        var plan = Build(CatalogOf(Upgrade(27), Upgrade(29), Upgrade(32)), [], adopted: "8.1.100.28", target: "8.1.100.29");

        Assert.Equal(["Upgrade_8.1.100.29_postgres.sql:pending"], Steps(plan));
        Assert.Equal("8.1.100.28", plan.From!.Text);
        Assert.Equal("8.1.100.29", plan.To!.Text);
        Assert.Equal(MigrationState.AboveTarget, StateOf(plan, "Upgrade_8.1.100.32_postgres.sql"));
    }

    [Fact]
    public void Versions_in_history_and_file_names_match_by_value_not_spelling()
    {
        var script = Script("V1.2__a.sql");
        var row = Row(1, script) with { Version = "1_2_0" };

        var plan = Build(CatalogOf(script, Script("V1.3__b.sql")), [row]);

        Assert.Equal(MigrationState.Applied, StateOf(plan, "V1.2__a.sql"));
        Assert.Equal(["V1.3__b.sql:pending"], Steps(plan));
        Assert.Empty(plan.Problems);
    }
}
