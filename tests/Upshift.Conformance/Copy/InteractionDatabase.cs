using System.Globalization;

namespace Upshift.Conformance.Copy;

/// <summary>
/// The example interaction database of an old release (virtual PABXs, agents, scheduled states, interactions) and the
/// new release's scripts and mapping file that rename it on the way: what the copy tests move between engines.
/// </summary>
public static class InteractionDatabase
{
    public const int Pabxes = 50;
    public const int LivePabxes = 45;
    public const int Agents = 400;
    public const int States = 2_000;
    public const int Interactions = 4_500;

    public const string Map = """
        tables:
          virtual_pabx:
            to: business_units
            columns: { vpabx_id: bu_id, vpabx_name: bu_name }
            drop: [legacy_flags, deleted]
            where: "deleted = 0"
          agents:
            columns: { vpabx_id: bu_id }
            drop: [first_name, last_name]
            computed: { full_name: "concat(first_name, ' ', last_name)" }
          scheduled_states:
            to: activity_states
        terminology:
          - apply_to: [scheduled_states.activity_type]
            values: { "Phone Activity": "Immediate Work", "Exclusive Activity": "Fixed-Staff Work" }
        """;

    private static readonly DateTime Epoch = new(2024, 1, 2, 10, 0, 0, DateTimeKind.Unspecified);

    /// <summary>Rows whose activity is "Phone Activity" in the source: "Immediate Work" in the target.</summary>
    public static int PhoneStates => Enumerable.Range(1, States).Count(i => i % 3 == 0);

    public static async Task CreateOldReleaseAsync(ScratchDatabase db)
    {
        var ts = db.Type("timestamp");
        await db.ExecuteAsync($"""
            CREATE TABLE virtual_pabx (vpabx_id INTEGER NOT NULL PRIMARY KEY, vpabx_name VARCHAR(100) NOT NULL, legacy_flags INTEGER, deleted INTEGER NOT NULL);
            CREATE TABLE agents (agent_id INTEGER NOT NULL PRIMARY KEY, vpabx_id INTEGER NOT NULL, first_name VARCHAR(50) NOT NULL, last_name VARCHAR(50) NOT NULL,
                external_id CHAR(36) NOT NULL, score DECIMAL(10,2), hired {ts});
            CREATE TABLE scheduled_states (state_id INTEGER NOT NULL PRIMARY KEY, agent_id INTEGER NOT NULL, activity_type VARCHAR(50) NOT NULL, starts {ts} NOT NULL);
            CREATE TABLE interactions (interaction_id INTEGER NOT NULL PRIMARY KEY, agent_id INTEGER NOT NULL, started {ts} NOT NULL, duration_s INTEGER NOT NULL, note {db.Type("text")});
            """);
        await db.InsertAsync("virtual_pabx", "vpabx_id, vpabx_name, legacy_flags, deleted",
            Enumerable.Range(1, Pabxes).Select(i => $"{i}, 'pabx {i}', {i % 7}, {(i % 10 == 0 ? 1 : 0)}"));
        await db.InsertAsync("agents", "agent_id, vpabx_id, first_name, last_name, external_id, score, hired",
            Enumerable.Range(1, Agents).Select(i => $"{i}, {LivePabx(i)}, 'First{i}', 'Last{i}', '{Uuid(i)}', {(i * 1.25m).ToString("0.00", CultureInfo.InvariantCulture)}, {(i % 50 == 0 ? "NULL" : Time(i * 3600))}"));
        await db.InsertAsync("scheduled_states", "state_id, agent_id, activity_type, starts",
            Enumerable.Range(1, States).Select(i => $"{i}, {(i % Agents) + 1}, '{Activity(i)}', {Time(i * 60)}"));
        await db.InsertAsync("interactions", "interaction_id, agent_id, started, duration_s, note",
            Enumerable.Range(1, Interactions).Select(i => $"{i}, {(i % Agents) + 1}, {Time(i)}, {i % 600}, {(i % 11 == 0 ? "NULL" : $"'call {i}: é ü 漢 ''quoted'''")}"));
    }

    /// <summary>A scripts folder whose one script creates the new release's schema for <paramref name="target"/>'s engine.</summary>
    public static string NewReleaseScripts(ScratchDatabase target, string folder)
    {
        var ts = target.Type("timestamp");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "V6_5_0__new_release.sql"), $"""
            CREATE TABLE business_units (bu_id INTEGER NOT NULL PRIMARY KEY, bu_name VARCHAR(100) NOT NULL);
            CREATE TABLE agents (agent_id INTEGER NOT NULL PRIMARY KEY, bu_id INTEGER NOT NULL, full_name VARCHAR(101) NOT NULL, external_id {target.Type("uuid")} NOT NULL,
                score DECIMAL(10,2), hired {ts}, CONSTRAINT fk_agents_bu FOREIGN KEY (bu_id) REFERENCES business_units (bu_id));
            CREATE TABLE activity_states (state_id INTEGER NOT NULL PRIMARY KEY, agent_id INTEGER NOT NULL, activity_type VARCHAR(50) NOT NULL, starts {ts} NOT NULL,
                CONSTRAINT fk_states_agent FOREIGN KEY (agent_id) REFERENCES agents (agent_id));
            CREATE TABLE interactions (interaction_id INTEGER NOT NULL PRIMARY KEY, agent_id INTEGER NOT NULL, started {ts} NOT NULL, duration_s INTEGER NOT NULL, note {target.Type("text")});

            """);
        return folder;
    }

    public static string Uuid(int i) => $"{i:X8}-0000-4000-8000-{i:D12}";

    public static string Time(int seconds) => "'" + Epoch.AddSeconds(seconds).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "'";

    private static int LivePabx(int agent) => ((agent % Pabxes) + 1) is var p && p % 10 == 0 ? p - 1 : p;

    private static string Activity(int i) => (i % 3) switch
    {
        0 => "Phone Activity",
        1 => "Exclusive Activity",
        _ => "Back Office",
    };
}
