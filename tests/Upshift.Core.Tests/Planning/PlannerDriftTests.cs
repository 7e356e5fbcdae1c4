using Upshift.Catalog;
using Upshift.Planning;
using static Upshift.Tests.Planning.Plans;

namespace Upshift.Tests.Planning;

/// <summary>Nothing silently skipped: changed, missing and out-of-order scripts are problems (exit 3).</summary>
public sealed class PlannerDriftTests
{
    [Fact]
    public void An_applied_script_edited_since_is_changed()
    {
        var s27 = Upgrade(27);
        var s29 = Upgrade(29, "ALTER TABLE t ADD c int;\n");
        var applied = Row(2, s29, checksum: Checksums.Of("ALTER TABLE t ADD c bigint;\n"));

        var plan = Build(CatalogOf(s27, s29, Upgrade(32)), [Row(1, s27), applied]);

        var problem = Assert.Single(plan.Problems);
        Assert.Equal(MigrationState.Changed, problem.State);
        Assert.Equal(s29.Path, problem.Script);
        Assert.Equal("8.1.100.29", problem.Version);
        Assert.Contains(s29.Path, problem.Message, StringComparison.Ordinal);
        Assert.Contains("changed", problem.Message, StringComparison.Ordinal);
        var entry = Assert.Single(plan.Entries, e => e.Script == s29.Path);
        Assert.Equal(MigrationState.Changed, entry.State);
        Assert.Equal(applied.Checksum, entry.Checksum);
        Assert.Same(applied, entry.Row);
        Assert.Same(s29, entry.File);
        Assert.Equal(["Upgrade_8.1.100.32_postgres.sql:pending"], Steps(plan));
        Assert.Equal("8.1.100.29", plan.From!.Text);
    }

    [Fact]
    public void Checksums_compare_without_regard_to_hex_case()
    {
        var s1 = Script("V1__a.sql");

        var plan = Build(CatalogOf(s1), [Row(1, s1, checksum: s1.Checksum.ToUpperInvariant())]);

        Assert.Empty(plan.Problems);
        Assert.Equal(MigrationState.Applied, StateOf(plan, "V1__a.sql"));
    }

    [Fact]
    public void An_applied_script_gone_from_the_folder_is_missing()
    {
        var (s27, s28, s32) = (Upgrade(27), Upgrade(28), Upgrade(32));

        var plan = Build(CatalogOf(s27, s32), [Row(1, s27), Row(2, s28)]);

        var problem = Assert.Single(plan.Problems);
        Assert.Equal(MigrationState.Missing, problem.State);
        Assert.Equal(s28.Path, problem.Script);
        Assert.Equal("8.1.100.28", problem.Version);
        Assert.Contains("missing", problem.Message, StringComparison.Ordinal);
        var entry = Assert.Single(plan.Entries, e => e.Script == s28.Path);
        Assert.Equal(MigrationState.Missing, entry.State);
        Assert.Null(entry.File);
        Assert.NotNull(entry.Row);
        Assert.Equal("8.1.100.28", plan.From!.Text);
        Assert.Equal(["Upgrade_8.1.100.32_postgres.sql:pending"], Steps(plan));
    }

    [Fact]
    public void An_undone_script_gone_from_the_folder_is_not_missing()
    {
        var (s1, s2, u2) = (Script("V1__a.sql"), Script("V2__b.sql"), Script("U2__b.sql"));

        var plan = Build(CatalogOf(s1), [Row(1, s1), Row(2, s2), Undo(3, u2)]);

        Assert.Empty(plan.Problems);
        Assert.Equal("1", plan.From!.Text);
    }

    [Fact]
    public void An_unapplied_script_below_the_current_version_is_out_of_order()
    {
        var (s27, s29, s32) = (Upgrade(27), Upgrade(29), Upgrade(32));

        var plan = Build(CatalogOf(s27, s29, s32), [Row(1, s27), Row(2, s32)]);

        var problem = Assert.Single(plan.Problems);
        Assert.Equal(MigrationState.OutOfOrder, problem.State);
        Assert.Equal(s29.Path, problem.Script);
        Assert.Equal("8.1.100.29", problem.Version);
        Assert.Contains("8.1.100.32", problem.Message, StringComparison.Ordinal);
        Assert.Equal(MigrationState.OutOfOrder, StateOf(plan, s29.Path));
        Assert.Empty(plan.Steps);
        Assert.Equal("8.1.100.32", plan.To!.Text);
    }

    [Fact]
    public void Out_of_order_scripts_become_steps_when_allowed()
    {
        var (s27, s28, s29, s32, s33) = (Upgrade(27), Upgrade(28), Upgrade(29), Upgrade(32), Upgrade(33));

        var plan = Build(CatalogOf(s27, s28, s29, s32, s33), [Row(1, s27), Row(2, s32)], outOfOrder: true);

        Assert.Empty(plan.Problems);
        Assert.Equal(
            ["Upgrade_8.1.100.28_postgres.sql:out-of-order", "Upgrade_8.1.100.29_postgres.sql:out-of-order", "Upgrade_8.1.100.33_postgres.sql:pending"],
            Steps(plan));
        Assert.Equal("8.1.100.32", plan.From!.Text);
        Assert.Equal("8.1.100.33", plan.To!.Text);
    }

    [Fact]
    public void Out_of_order_steps_do_not_move_to_below_the_current_version()
    {
        var (s27, s29, s32) = (Upgrade(27), Upgrade(29), Upgrade(32));

        var plan = Build(CatalogOf(s27, s29, s32), [Row(1, s27), Row(2, s32)], outOfOrder: true);

        Assert.Equal(["Upgrade_8.1.100.29_postgres.sql:out-of-order"], Steps(plan));
        Assert.Equal("8.1.100.32", plan.To!.Text);
    }

    [Fact]
    public void Scripts_at_or_below_a_baseline_are_never_out_of_order()
    {
        var (s27, s29, s32) = (Upgrade(27), Upgrade(29), Upgrade(32));

        var plan = Build(CatalogOf(s27, s29, s32), [Baseline(1, "8.1.100.29"), Row(2, s32)]);

        Assert.Empty(plan.Problems);
        Assert.Equal(MigrationState.BelowBaseline, StateOf(plan, s27.Path));
        Assert.Equal(MigrationState.BelowBaseline, StateOf(plan, s29.Path));
        Assert.True(plan.IsUpToDate);
    }

    [Fact]
    public void Out_of_order_steps_respect_the_target()
    {
        var (s27, s29, s30, s32) = (Upgrade(27), Upgrade(29), Upgrade(30), Upgrade(32));

        var plan = Build(CatalogOf(s27, s29, s30, s32), [Row(1, s27), Row(2, s32)], target: "8.1.100.29", outOfOrder: true);

        Assert.Equal(["Upgrade_8.1.100.29_postgres.sql:out-of-order"], Steps(plan));
    }

    [Fact]
    public void Every_kind_of_drift_is_reported_at_once()
    {
        var (s27, s28, s29, s30, s32) = (Upgrade(27, "SELECT 27;"), Upgrade(28), Upgrade(29), Upgrade(30), Upgrade(32));

        var plan = Build(CatalogOf(s27, s29, s30, s32), [Row(1, s27, checksum: Checksums.Of("SELECT 0;")), Row(2, s28), Row(3, s30)]);

        Assert.Equal(
            [MigrationState.Changed, MigrationState.OutOfOrder, MigrationState.Missing],
            plan.Problems.Select(p => p.State));
        Assert.Equal(["Upgrade_8.1.100.32_postgres.sql:pending"], Steps(plan));
    }
}
