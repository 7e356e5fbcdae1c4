using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MySqlConnector;
using Upshift.Backup;
using Upshift.Diagnostics;
using Upshift.Errors;

namespace Upshift.MySql.Backup;

/// <summary>
/// Restores into a new database beside the target (<c>TARGET_upr_*</c>): tables with their primary keys, rows by
/// parallel <c>LOAD DATA LOCAL INFILE</c>, then secondary indexes (tables in parallel) and sequences; routines, views
/// and triggers are tried there too, so that a definition the server refuses fails the restore before the target is
/// touched. The swap is one <c>RENAME TABLE</c>, which is atomic: the target's tables and views get names of their own
/// within the target (a table with triggers cannot move to another database) and the new tables move in. Then the old
/// ones are dropped, foreign keys added (with <c>foreign_key_checks = 0</c>, no table copy; InnoDB names them per
/// database, so they wait for the old tables to go), and routines, views, triggers and events replaced. A
/// <see cref="RestoreJournal"/> written before the rename lets the next restore of this target finish a swap killed
/// after it; killed before it, the target was never changed.
/// Needs CREATE and DROP on databases named after the target, and <c>local_infile</c> on the server.
/// </summary>
internal sealed partial class MySqlRestoreTarget : IRestoreTarget
{
    private const string LoadSession = "SET SESSION foreign_key_checks = 0, SESSION unique_checks = 0, SESSION time_zone = '+00:00', SESSION sql_mode = 'NO_AUTO_VALUE_ON_ZERO'";
    private readonly MySqlConnectionStringBuilder _settings;
    private readonly string _target;
    private readonly string _beside;
    private readonly string _old;
    private bool _created;
    private bool _renamed;
    private readonly IFaultInjector _faults;
    private MySqlConnection? _guard;

    public MySqlRestoreTarget(string connectionString, string target, string description, IFaultInjector faults)
    {
        _faults = faults;
        _settings = new MySqlConnectionStringBuilder(connectionString) { ApplicationName = "upshift restore", AllowLoadLocalInfile = true, Pooling = false };
        _target = target;
        var suffix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        _beside = Prefix(target) + "_upr_" + suffix;
        _old = OldName(_beside);
        Description = description;
    }

    public string Description { get; }

    public int MaxParallelism => 16;

    public async Task<IReadOnlyList<string>> ExistingObjectsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(null, cancellationToken).ConfigureAwait(false);
        return await MySqlSql.StringsAsync(
            connection,
            """
            SELECT CONCAT(LOWER(TABLE_TYPE), ' ', TABLE_NAME) FROM information_schema.TABLES WHERE TABLE_SCHEMA = @db
            UNION ALL SELECT CONCAT(LOWER(ROUTINE_TYPE), ' ', ROUTINE_NAME) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = @db
            UNION ALL SELECT CONCAT('event ', EVENT_NAME) FROM information_schema.EVENTS WHERE EVENT_SCHEMA = @db
            LIMIT 10
            """,
            cancellationToken,
            ("@db", _target)).ConfigureAwait(false);
    }

    public async Task PrepareAsync(RestoreContent content, CancellationToken cancellationToken)
    {
        var tables = SchemaObject.Parse(content.SchemaText(MySqlSchemaReader.TablesPart));
        if (tables.Any(t => t.Name == RestoreJournal.Table))
        {
            throw new UpshiftException(ErrorCode.BadArguments, $"the backup holds a table named {RestoreJournal.Table}, the name restores use for their journal");
        }

        await GuardAsync(cancellationToken).ConfigureAwait(false);
        await using (var maintenance = await OpenAsync(null, cancellationToken).ConfigureAwait(false))
        {
            await RecoverAsync(maintenance, cancellationToken).ConfigureAwait(false);
            var charset = content.Properties.GetValueOrDefault("character_set") ?? "utf8mb4";
            var collation = content.Properties.GetValueOrDefault("collation");
            await MySqlSql.ExecuteAsync(maintenance, $"CREATE DATABASE {MySqlSql.Quote(_beside)} CHARACTER SET {charset}{(string.IsNullOrEmpty(collation) ? string.Empty : " COLLATE " + collation)}", cancellationToken).ConfigureAwait(false);
            _created = true;
            var afterRename = SchemaObject.Parse(content.SchemaText(MySqlSchemaReader.KeysPart)).Where(k => k.Kind == SchemaObjectKind.ForeignKeys)
                .Concat(SchemaObject.Parse(content.SchemaText(MySqlSchemaReader.ProgramsPart)))
                .ToList();
            await RestoreJournal.CreateAsync(maintenance, _beside, _target, afterRename, cancellationToken).ConfigureAwait(false);
        }

        await using var connection = await OpenAsync(_beside, cancellationToken).ConfigureAwait(false);
        await MySqlSql.ExecuteAsync(connection, LoadSession, cancellationToken).ConfigureAwait(false);
        foreach (var table in tables)
        {
            await MySqlSql.ExecuteAsync(connection, table.Sql, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<long> ImportTableAsync(BackupTable table, Stream data, IProgress<long>? rows, CancellationToken cancellationToken)
    {
        var encoding = TableEncoding.Parse(table.Encoding, table.Columns.Count);
        await using var connection = await OpenAsync(_beside, cancellationToken).ConfigureAwait(false);
        await MySqlSql.ExecuteAsync(connection, LoadSession, cancellationToken).ConfigureAwait(false);
        var counting = new RowCountingStream(data, rows);
        var loader = new MySqlBulkLoader(connection)
        {
            TableName = MySqlSql.Quote(table.Name),
            SourceStream = counting,
            Local = true,
            CharacterSet = "utf8mb4",
            FieldTerminator = "\t",
            LineTerminator = "\n",
            EscapeCharacter = '\\',
            Timeout = 0,
        };
        for (var i = 0; i < table.Columns.Count; i++)
        {
            if (encoding.NeedsExpression(i))
            {
                var variable = string.Create(CultureInfo.InvariantCulture, $"@c{i}");
                loader.Columns.Add(variable);
                loader.Expressions.Add($"{MySqlSql.Quote(table.Columns[i])} = {encoding.LoadExpression(i, variable)}");
            }
            else
            {
                loader.Columns.Add(MySqlSql.Quote(table.Columns[i]));
            }
        }

        var loaded = await loader.LoadAsync(cancellationToken).ConfigureAwait(false);
        // LOAD DATA LOCAL turns errors into warnings and skips duplicates: both would lose rows silently.
        var warnings = await MySqlSql.RowsAsync(connection, "SHOW WARNINGS LIMIT 3", cancellationToken).ConfigureAwait(false);
        if (warnings.Count > 0)
        {
            throw new InvalidDataException($"table {table.Name}: the server changed or refused rows while loading them: {string.Join("; ", warnings.Select(w => w[2]))}");
        }

        if (counting.Rows <= int.MaxValue && loaded != counting.Rows)
        {
            throw new InvalidDataException($"table {table.Name}: the server loaded {loaded} of {counting.Rows} rows");
        }

        return counting.Rows;
    }

    public IReadOnlyList<TableStep> TableSteps(RestoreContent content, int jobs) =>
        [.. SchemaObject.Parse(content.SchemaText(MySqlSchemaReader.KeysPart))
            .Where(k => k.Kind == SchemaObjectKind.Indexes)
            .Select(index => new TableStep(null, index.Table ?? string.Empty, index.Sql, async token =>
            {
                await using var connection = await OpenAsync(_beside, token).ConfigureAwait(false);
                await MySqlSql.ExecuteAsync(connection, LoadSession, token).ConfigureAwait(false);
                await MySqlSql.ExecuteAsync(connection, index.Sql, token).ConfigureAwait(false);
            }))];

    public async Task FinishAsync(RestoreContent content, CancellationToken cancellationToken)
    {
        await using var serial = await OpenAsync(_beside, cancellationToken).ConfigureAwait(false);
        await MySqlSql.ExecuteAsync(serial, LoadSession, cancellationToken).ConfigureAwait(false);

        foreach (var sequence in content.Sequences)
        {
            await MySqlSql.ExecuteAsync(serial, string.Create(CultureInfo.InvariantCulture, $"SELECT SETVAL({MySqlSql.Quote(sequence.Name)}, {sequence.Value}, {(sequence.IsCalled ? 1 : 0)})"), cancellationToken).ConfigureAwait(false);
        }

        // A trial run of the programs where a refusal costs nothing; triggers are dropped again (a table with triggers
        // cannot move to another database), events are left out (they would start firing here).
        var programs = SchemaObject.Parse(content.SchemaText(MySqlSchemaReader.ProgramsPart));
        await ProgramRunner.CreateAsync(serial, [.. programs.Where(p => p.Kind != SchemaObjectKind.Event)], cancellationToken).ConfigureAwait(false);
        foreach (var trigger in programs.Where(p => p.Kind == SchemaObjectKind.Trigger))
        {
            await MySqlSql.ExecuteAsync(serial, $"DROP TRIGGER {MySqlSql.Quote(trigger.Name)}", cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task AbandonAsync(CancellationToken cancellationToken)
    {
        if (!_created || _renamed)
        {
            // After the rename the journal must stay: the next restore of this target completes the swap.
            return;
        }

        try
        {
            await using var maintenance = await OpenAsync(null, cancellationToken).ConfigureAwait(false);
            await DropAsync(maintenance, _beside, cancellationToken).ConfigureAwait(false);
            _created = false;
        }
        catch (MySqlException)
        {
            // Best effort: the next restore of this target cleans up.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await AbandonAsync(CancellationToken.None).ConfigureAwait(false);
        if (_guard is not null)
        {
            // Closing the session releases its lock.
            await _guard.DisposeAsync().ConfigureAwait(false);
            _guard = null;
        }
    }

    /// <summary>
    /// One restore of a target at a time: a second one would take the first one's database for a leftover and drop it.
    /// The lock lives as long as its session, so a killed restore never leaves it behind.
    /// </summary>
    private async Task GuardAsync(CancellationToken cancellationToken)
    {
        _guard = await OpenAsync(null, cancellationToken).ConfigureAwait(false);
        var name = "upshift-restore:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(_target)).AsSpan(0, 16));
        await using var command = new MySqlCommand("SELECT GET_LOCK(@name, 0)", _guard);
        command.Parameters.AddWithValue("@name", name);
        if (Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) != 1)
        {
            throw new UpshiftException(ErrorCode.LockTimeout, $"another restore into {Description} is running", hint: "wait for it to finish; a killed restore releases its lock with its session");
        }
    }

    /// <summary>The first 51 characters of a database name that stand for it in the names of its restore databases.</summary>
    private static string Prefix(string target) =>
        target.Length <= 51 ? target : target[..42] + "_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(target)).AsSpan(0, 4));

    private Task<MySqlConnection> OpenAsync(string? database, CancellationToken cancellationToken) =>
        MySqlSql.OpenAsync(new MySqlConnectionStringBuilder(_settings.ConnectionString) { Database = database ?? string.Empty }.ConnectionString, cancellationToken);
}
