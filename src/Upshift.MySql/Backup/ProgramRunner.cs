using MySqlConnector;

namespace Upshift.MySql.Backup;

/// <summary>
/// Creates routines, views, triggers and events in the connection's default database, each under the
/// <c>sql_mode</c> (and, for events, time zone) it was created with; replaces any of the same name, so running it
/// again after an interruption completes the set.
/// </summary>
internal static class ProgramRunner
{
    public static async Task CreateAsync(MySqlConnection connection, IReadOnlyList<SchemaObject> programs, CancellationToken cancellationToken)
    {
        foreach (var routine in programs.Where(p => p.Kind == SchemaObjectKind.Routine))
        {
            var space = routine.Name.IndexOf(' ', StringComparison.Ordinal);
            await MySqlSql.ExecuteAsync(connection, $"DROP {routine.Name[..space]} IF EXISTS {MySqlSql.Quote(routine.Name[(space + 1)..])}", cancellationToken).ConfigureAwait(false);
            await RunAsync(connection, routine, routine.Sql, cancellationToken).ConfigureAwait(false);
        }

        await CreateViewsAsync(connection, [.. programs.Where(p => p.Kind == SchemaObjectKind.View)], cancellationToken).ConfigureAwait(false);
        foreach (var trigger in programs.Where(p => p.Kind == SchemaObjectKind.Trigger))
        {
            await MySqlSql.ExecuteAsync(connection, $"DROP TRIGGER IF EXISTS {MySqlSql.Quote(trigger.Name)}", cancellationToken).ConfigureAwait(false);
            await RunAsync(connection, trigger, trigger.Sql, cancellationToken).ConfigureAwait(false);
        }

        foreach (var schedule in programs.Where(p => p.Kind == SchemaObjectKind.Event))
        {
            await MySqlSql.ExecuteAsync(connection, $"DROP EVENT IF EXISTS {MySqlSql.Quote(schedule.Name)}", cancellationToken).ConfigureAwait(false);
            await RunAsync(connection, schedule, schedule.Sql, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A view may select from another view: create in passes until every one exists or a pass adds none.</summary>
    private static async Task CreateViewsAsync(MySqlConnection connection, List<SchemaObject> views, CancellationToken cancellationToken)
    {
        while (views.Count > 0)
        {
            var failed = new List<SchemaObject>();
            MySqlException? last = null;
            foreach (var view in views)
            {
                try
                {
                    await RunAsync(connection, view, OrReplace(view.Sql), cancellationToken).ConfigureAwait(false);
                }
                catch (MySqlException e) when (e.ErrorCode is MySqlErrorCode.NoSuchTable or MySqlErrorCode.ViewInvalid or MySqlErrorCode.BadFieldError)
                {
                    failed.Add(view);
                    last = e;
                }
            }

            if (failed.Count == views.Count)
            {
                throw new InvalidOperationException($"view {failed[0].Name} cannot be created: {last!.Message}", last);
            }

            views = failed;
        }
    }

    private static async Task RunAsync(MySqlConnection connection, SchemaObject program, string sql, CancellationToken cancellationToken)
    {
        var settings = $"SET SESSION sql_mode = {MySqlSql.Literal(program.SqlMode ?? string.Empty)}";
        if (program.TimeZone is not null)
        {
            settings += $", SESSION time_zone = {MySqlSql.Literal(program.TimeZone)}";
        }

        await MySqlSql.ExecuteAsync(connection, settings, cancellationToken).ConfigureAwait(false);
        try
        {
            await MySqlSql.ExecuteAsync(connection, sql, cancellationToken).ConfigureAwait(false);
        }
        catch (MySqlException e) when (program.Kind != SchemaObjectKind.View)
        {
            throw new InvalidOperationException($"{program.Kind.ToString().ToLowerInvariant()} {program.Name} cannot be created: {e.Message}", e);
        }
    }

    private static string OrReplace(string create) =>
        create.StartsWith("CREATE ", StringComparison.OrdinalIgnoreCase) && !create.StartsWith("CREATE OR REPLACE", StringComparison.OrdinalIgnoreCase)
            ? "CREATE OR REPLACE " + create["CREATE ".Length..]
            : create;
}
