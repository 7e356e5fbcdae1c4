using System.CommandLine;

namespace Upshift.Cli;

/// <summary>The options every command accepts. They are recursive, so they may stand before or after the command name.</summary>
internal sealed class CliOptions(CliHost host)
{
    /// <summary>What the program running the CLI provides (not an option: every command is built with it).</summary>
    public CliHost Host { get; } = host;

    public Option<string?> Db { get; } = new("--db") { Description = "Database: sqlite:PATH, postgres://user:pass@host:port/db, mysql://... (env UPSHIFT_DB)", Recursive = true };

    public Option<string?> Provider { get; } = new("--provider") { Description = "With a plain connection string in --db: sqlite, postgres or mysql", Recursive = true };

    public Option<string?> Scripts { get; } = new("--scripts") { Description = "Folder of upgrade scripts, scanned recursively (env UPSHIFT_SCRIPTS)", Recursive = true };

    public Option<bool> Json { get; } = new("--json") { Description = "Print exactly one JSON document on stdout", Recursive = true };

    public Option<bool> Verbose { get; } = new("--verbose") { Description = "Show stack traces of errors", Recursive = true };

    public Option<string?> HistoryTable { get; } = new("--history-table") { Description = "History table, [schema.]name (default upshift_history)", Recursive = true };

    public Option<string[]> Ignore { get; } = new("--ignore") { Description = "Glob of *.sql files that are not scripts (repeatable)", Recursive = true, AllowMultipleArgumentsPerToken = false };

    public Option<string?> VersionQuery { get; } = new("--version-query") { Description = "SQL returning the schema version of a database without Upshift history", Recursive = true };

    public Option<double?> LockTimeout { get; } = new("--lock-timeout") { Description = "Seconds to wait for the migration lock (default 600); exit 4 when exceeded", Recursive = true };

    public Option<string?> Target { get; } = new("--target") { Description = "Apply versioned scripts up to and including this version" };

    public Option<bool> OutOfOrder { get; } = new("--out-of-order") { Description = "Apply scripts that sort below the current version instead of failing", Recursive = true };

    public Option<string?> Phase { get; } = new("--phase") { Description = "Apply only this phase and earlier ones: expand, backfill or contract (default: all)", Recursive = true };

    public Option<double?> StatementLockTimeout { get; } = new("--statement-lock-timeout") { Description = "Seconds a statement may wait for a table lock before it is retried (default 5; 0 = no limit)", Recursive = true };

    public Option<int?> Retries { get; } = new("--retries") { Description = "Retries after a lock timeout, deadlock or serialization failure (default 5)", Recursive = true };

    public Option<double?> WaitForQuiet { get; } = new("--wait-for-quiet") { Description = "Seconds to wait for conflicting sessions (long transactions, locks on touched tables) to end", Recursive = true };

    public Option<string?> Config { get; } = new("--config") { Description = "Settings file (default: upshift.yaml in the working directory, if there is one)", Recursive = true };

    public Option<string?> ConfigEnvironment { get; } = new("--env") { Description = "Use the named environment of the settings file (its environments: section)", Recursive = true };

    /// <summary>
    /// The options a settings file may give (its keys are their names without dashes): what to migrate and how. The
    /// output options stay on the command line, so that a file cannot change what a script reading the output gets.
    /// </summary>
    public IEnumerable<Option> Configurable => [Db, Provider, Scripts, HistoryTable, Ignore, VersionQuery, LockTimeout, OutOfOrder, Phase, StatementLockTimeout, Retries, WaitForQuiet];

    public void AddTo(Command root)
    {
        foreach (var option in new Option[] { Db, Provider, Scripts, Json, Verbose, HistoryTable, Ignore, VersionQuery, LockTimeout, OutOfOrder, Phase, StatementLockTimeout, Retries, WaitForQuiet, Config, ConfigEnvironment })
        {
            root.Options.Add(option);
        }
    }
}
