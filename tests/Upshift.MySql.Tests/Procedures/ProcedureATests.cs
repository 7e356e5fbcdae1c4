using Upshift.ProcedureTests;

namespace Upshift.MySql.Tests.Procedures;

/// <summary>Procedure A (examples/procedures/A-interaction-concentrator) end to end on MariaDB: run, rerun, rollback.</summary>
public sealed class ProcedureATests
{
    [Fact]
    public async Task Procedure_A_on_MariaDB_upgrades_the_HA_pair_a_rerun_changes_nothing_and_rollback_brings_back_databases_and_files()
    {
        await using var a = await MySqlTestDatabase.CreateAsync();
        await using var b = await MySqlTestDatabase.CreateAsync();
        var members = new Dictionary<string, MySqlTestDatabase> { ["a"] = a, ["b"] = b };
        var databases = new Dictionary<string, string> { ["IDB_A_URL"] = a.Url, ["IDB_B_URL"] = b.Url };
        var userInfo = new Uri(a.Url).UserInfo;
        var password = Uri.UnescapeDataString(userInfo[(userInfo.IndexOf(':', StringComparison.Ordinal) + 1)..]);
        await ProcedureAScenario.RunAsync("mysql", databases, (member, sql) => members[member].ScalarAsync(sql), password);
    }
}
