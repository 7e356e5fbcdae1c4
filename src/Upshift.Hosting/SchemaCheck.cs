using Upshift.Catalog;
using Upshift.Planning;
using Upshift.Versions;

namespace Upshift.Hosting;

/// <summary>
/// Decides, from a plan made without the lock, whether a release may use the database as it is, must migrate it, or
/// must refuse it. Kept apart from running anything so that each rule reads in one place.
/// </summary>
internal static class SchemaCheck
{
    /// <summary>The release's own version: its highest versioned script; null when it has none.</summary>
    public static SchemaVersion? ReleaseVersion(ScriptCatalog catalog) =>
        catalog.Versioned.Select(s => s.Version).Where(v => v is not null).DefaultIfEmpty().Max();

    /// <summary>The status to report without migrating, or null when the release should migrate (and may).</summary>
    public static UpshiftStatus? Judge(MigrationPlan plan, SchemaVersion? release, CompatibilityWindow? window, bool migrateOnStart)
    {
        var current = plan.From;
        var version = current?.Text;
        if (current is not null && release is not null && current > release)
        {
            // The app was rolled back: the database has scripts this release does not know. They show as "missing"
            // drift; that is expected here, any other drift is not.
            if (Drift(plan, release) is { } unexpected)
            {
                return Refused(unexpected, version);
            }

            return window?.Contains(current) == true
                ? new UpshiftStatus(UpshiftState.Ready, $"schema {version} is newer than this release ({release.Text}) and inside its compatibility window {window}", CurrentVersion: version)
                : Refused(
                    window is null
                        ? $"schema {version} is newer than this release ({release.Text}) and the release declares no compatibility window: refusing to run against it; it is never migrated backwards"
                        : $"schema {version} is outside this release's compatibility window {window} (release {release.Text}): refusing to run against it; it is never migrated backwards",
                    version);
        }

        var drift = Drift(plan, release);
        if (plan.IsUpToDate && plan.AdoptedVersion is null && drift is null)
        {
            // Nothing to do, so no lock and no second read of the history: the common start of every replica after
            // the first costs one connection and one query.
            return new UpshiftStatus(UpshiftState.Ready, $"schema is current at version {version ?? "none"}", CurrentVersion: version);
        }

        if (migrateOnStart)
        {
            // Drift included: migrate refuses it under the lock, with the script and line.
            return null;
        }

        if (drift is not null)
        {
            return Refused(drift, version);
        }

        return window?.Contains(current) == true
            ? new UpshiftStatus(UpshiftState.Ready, $"schema {version} is inside the compatibility window {window}; {plan.Steps.Count} scripts pending, not migrating (MigrateOnStart is off)", CurrentVersion: version)
            : new UpshiftStatus(UpshiftState.WaitingForSchema, $"{plan.Steps.Count} scripts pending and MigrateOnStart is off: waiting for the schema to be migrated (at {version ?? "no version"})", Total: plan.Steps.Count, CurrentVersion: version);
    }

    private static string? Drift(MigrationPlan plan, SchemaVersion? release)
    {
        var problem = plan.Problems.FirstOrDefault(p =>
            !(p.State == MigrationState.Missing && release is not null && SchemaVersion.TryParse(p.Version, out var v) && v > release));
        return problem is null ? null : $"drift: {problem.Message} ({problem.Script})";
    }

    private static UpshiftStatus Refused(string reason, string? version) => new(UpshiftState.Refused, reason, CurrentVersion: version, Error: reason);
}
