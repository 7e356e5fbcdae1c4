using Upshift.Runbooks.Parsing;

namespace Upshift.Runbooks.Execution;

/// <summary>Compatibility windows (<c>requires: { idb: "&gt;= 8.1.500" }</c>): which components must be at which versions for another to work.</summary>
internal static class Windows
{
    /// <summary>The first window involving <paramref name="migrated"/> that the databases now break, in words; null when all hold.</summary>
    public static async Task<string?> BrokenAsync(Runbook runbook, Components components, string migrated, CancellationToken cancellationToken)
    {
        foreach (var component in runbook.Components.Values)
        {
            foreach (var (other, window) in component.Requires)
            {
                if (component.Name != migrated && other != migrated)
                {
                    continue;
                }

                var version = await components.VersionAsync(other, cancellationToken).ConfigureAwait(false);
                var range = VersionRange.TryParse(window)!;
                if (version is null || !range.Contains(version))
                {
                    return $"{component.Name} requires {other} {window}; {other} is at {version?.Text ?? "no version"}";
                }
            }
        }

        return null;
    }
}
