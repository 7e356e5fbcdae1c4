using Upshift.Catalog;
using Upshift.History;
using Upshift.Versions;

namespace Upshift.Engine;

/// <summary>Options of one migrator. Defaults are the documented CLI defaults.</summary>
public sealed record MigratorOptions
{
    /// <summary>The release's scripts folder, scanned recursively.</summary>
    public required string ScriptsDirectory { get; init; }

    public IReadOnlyList<Glob> Ignore { get; init; } = [];

    public HistoryTable HistoryTable { get; init; } = HistoryTable.Default;

    /// <summary>Apply versioned scripts up to and including this version.</summary>
    public SchemaVersion? Target { get; init; }

    public bool OutOfOrder { get; init; }

    /// <summary>How long to wait for another migration to finish. Default: 10 minutes.</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>A query returning one value, the schema version of a database that predates Upshift.</summary>
    public string? VersionQuery { get; init; }

    /// <summary>Who the history says applied a script. Default: OS user and host.</summary>
    public string AppliedBy { get; init; } = $"{Environment.UserName}@{Environment.MachineName}";
}
