using System.Data.Common;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Upshift.Providers;
using Upshift.Sessions;

namespace Upshift.Engine;

/// <summary>What happens between taking the lock and running the first script: session guards and the conflict check.</summary>
internal static partial class PreFlight
{
    private static readonly TimeSpan LongTransaction = TimeSpan.FromSeconds(5);

    public static async Task ApplySessionSettingsAsync(IDatabaseProvider provider, DbConnection connection, UpgradeOptions options, CancellationToken cancellationToken)
    {
        if (options.StatementLockTimeout <= TimeSpan.Zero)
        {
            return;
        }

        foreach (var statement in provider.SessionSetup(options.StatementLockTimeout))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = statement;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Lists conflicting sessions and, with <see cref="UpgradeOptions.WaitForQuiet"/>, waits for them to end.</summary>
    public static async Task CheckActivityAsync(IDatabaseProvider provider, DbConnection connection, IReadOnlyList<PreparedStep> steps, UpgradeOptions options, IMigrationObserver observer, CancellationToken cancellationToken)
    {
        if (provider.Capabilities.ActivityMonitor is not { } monitor || steps.Count == 0)
        {
            return;
        }

        var tables = TouchedTables(steps);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var conflicts = await monitor.FindConflictsAsync(connection, tables, LongTransaction, cancellationToken).ConfigureAwait(false);
            if (conflicts.Count == 0)
            {
                return;
            }

            foreach (var conflict in conflicts)
            {
                observer.Notice("conflicting activity: " + conflict);
            }

            if (clock.Elapsed >= options.WaitForQuiet)
            {
                observer.Notice(options.WaitForQuiet > TimeSpan.Zero
                    ? $"still busy after waiting {options.WaitForQuiet.TotalSeconds:0} s; going ahead with the statement lock timeout as guard"
                    : "going ahead with the statement lock timeout as guard (use --wait-for-quiet S to wait for these sessions)");
                return;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
        }
    }

    internal static IReadOnlyCollection<string> TouchedTables(IEnumerable<PreparedStep> steps)
    {
        var tables = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var statement in steps.SelectMany(s => s.Pending))
        {
            foreach (Match match in TableReference().Matches(statement.Text))
            {
                tables.Add(match.Groups["table"].Value.Trim('"', '`'));
            }
        }

        return tables;
    }

    [GeneratedRegex(@"\b(ALTER\s+TABLE\s+(IF\s+EXISTS\s+)?(ONLY\s+)?|LOCK\s+TABLE\s+|UPDATE\s+(ONLY\s+)?|INSERT\s+INTO\s+|DELETE\s+FROM\s+|DROP\s+TABLE\s+(IF\s+EXISTS\s+)?|TRUNCATE\s+(TABLE\s+)?|REFERENCES\s+|INDEX\s+(CONCURRENTLY\s+)?(IF\s+NOT\s+EXISTS\s+)?[\w""`.]*\s*ON\s+(ONLY\s+)?)(?<table>[\w""`]+(\.[\w""`]+)?)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TableReference();
}
