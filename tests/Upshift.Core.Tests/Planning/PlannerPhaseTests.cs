using Upshift.Catalog;
using Upshift.Planning;
using static Upshift.Tests.Planning.Plans;

namespace Upshift.Tests.Planning;

public sealed class PlannerPhaseTests
{
    private static MigrationScript Phased(string path, MigrationPhase phase)
    {
        var script = Script(path);
        return script with { Directives = new ScriptDirectives(false, phase) };
    }

    private static readonly MigrationScript ExpandOne = Phased("V1__expand.sql", MigrationPhase.Expand);
    private static readonly MigrationScript BackfillTwo = Phased("V2__backfill.sql", MigrationPhase.Backfill);
    private static readonly MigrationScript ContractThree = Phased("V3__contract.sql", MigrationPhase.Contract);
    private static readonly MigrationScript ExpandFour = Phased("V4__expand.sql", MigrationPhase.Expand);

    [Theory]
    [InlineData(MigrationPhase.Expand, new[] { "V1__expand.sql", "V4__expand.sql" })]
    [InlineData(MigrationPhase.Backfill, new[] { "V1__expand.sql", "V2__backfill.sql", "V4__expand.sql" })]
    [InlineData(MigrationPhase.Contract, new[] { "V1__expand.sql", "V2__backfill.sql", "V3__contract.sql", "V4__expand.sql" })]
    public void A_phase_applies_its_scripts_and_those_of_earlier_phases_in_version_order(MigrationPhase phase, string[] expected)
    {
        var plan = Planner.Build(CatalogOf(ExpandOne, BackfillTwo, ContractThree, ExpandFour), [], null, new PlanOptions(Phase: phase), Splitter);

        Assert.Equal(expected, plan.Steps.Select(s => s.Script.Path));
        Assert.All(plan.Entries.Where(e => !expected.Contains(e.Script)), e => Assert.Equal(MigrationState.Deferred, e.State));
    }

    [Fact]
    public void Backfill_and_contract_scripts_below_the_current_version_are_deferred_work_not_drift()
    {
        var history = new[] { Row(1, ExpandOne), Row(2, ExpandFour) };
        var plan = Planner.Build(CatalogOf(ExpandOne, BackfillTwo, ContractThree, ExpandFour), history, null, new PlanOptions(), Splitter);

        Assert.Empty(plan.Problems);
        Assert.Equal(["V2__backfill.sql", "V3__contract.sql"], plan.Steps.Select(s => s.Script.Path));
    }

    [Fact]
    public void A_partial_backfill_resumes_before_the_contract_that_depends_on_it()
    {
        var history = new[] { Row(1, ExpandOne), Row(2, BackfillTwo, success: false) with { ResumeKey = "1200|3000|1200" }, Row(3, ExpandFour) };
        var batched = BackfillTwo with { Directives = new ScriptDirectives(false, MigrationPhase.Backfill, new BatchDirective("id", 400, 0, "p", 2)) };
        var plan = Planner.Build(CatalogOf(ExpandOne, batched, ContractThree, ExpandFour), history, null, new PlanOptions(), Splitter);

        Assert.Equal(["V2__backfill.sql", "V3__contract.sql"], plan.Steps.Select(s => s.Script.Path));
        Assert.Equal(MigrationState.Partial, plan.Steps[0].State);
        Assert.Equal(PlanState.Partial, plan.State);
        Assert.Contains("1200 rows, key 1200 of 3000", plan.Steps[0].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void An_expand_script_below_the_current_version_is_still_out_of_order()
    {
        var history = new[] { Row(1, ExpandFour) };
        var plan = Planner.Build(CatalogOf(ExpandOne, ExpandFour), history, null, new PlanOptions(), Splitter);

        Assert.Equal(MigrationState.OutOfOrder, Assert.Single(plan.Problems).State);
    }
}
