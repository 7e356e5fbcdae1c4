using System.Data.Common;
using Upshift.Providers;

namespace Upshift.History;

/// <summary>Reads and writes history rows with plain parameterised SQL on the migration connection.</summary>
internal sealed class HistoryStore
{
    private static readonly string[] ColumnNames = ["rank", "version", "description", "kind", "script", "checksum", "applied_by", "applied_at", "duration_ms", "success", "statements_done", "statement_hashes", "resume_key"];

    private readonly DbConnection _connection;
    private readonly IHistoryDialect _dialect;
    private readonly HistoryTable _table;
    private readonly string _name;
    private readonly string _columns;
    private readonly string _rank;
    private (string Stamp, IReadOnlyList<HistoryRow> Rows)? _lastRead;

    public HistoryStore(DbConnection connection, IHistoryDialect dialect, HistoryTable table)
    {
        _connection = connection;
        _dialect = dialect;
        _table = table;
        _name = dialect.QualifiedName(table);
        _columns = string.Join(", ", ColumnNames.Select(dialect.QuoteColumn));
        _rank = dialect.QuoteColumn("rank");
    }

    /// <summary>
    /// All rows in rank order, or null when the table does not exist. Any other failure throws. The rows of the last
    /// read are returned again, without reading them, while the table's stamp (<see cref="HistoryStamp"/>) is equal.
    /// </summary>
    public async Task<IReadOnlyList<HistoryRow>?> ReadAsync(CancellationToken cancellationToken)
    {
        // The stamp before the rows: a change between the two leaves rows newer than their stamp, read again next time.
        var stamp = await _dialect.StampAsync(_connection, _table, cancellationToken).ConfigureAwait(false);
        if (!stamp.Exists)
        {
            return null;
        }

        if (stamp.Value is not null && _lastRead is { } last && last.Stamp == stamp.Value)
        {
            return last.Rows;
        }

        _lastRead = null;
        var rows = await ReadRowsAsync(cancellationToken).ConfigureAwait(false);
        _lastRead = stamp.Value is null ? null : (stamp.Value, rows);
        return rows;
    }

    /// <summary>Forgets the rows read last: the next read reads them (after a change the stamp may not see, such as a restore on this connection).</summary>
    public void Forget() => _lastRead = null;

    private async Task<IReadOnlyList<HistoryRow>> ReadRowsAsync(CancellationToken cancellationToken)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = $"SELECT {_columns} FROM {_name} ORDER BY {_rank}";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<HistoryRow>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new HistoryRow
            {
                Rank = Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture),
                Version = reader.IsDBNull(1) ? null : reader.GetString(1),
                Description = reader.GetString(2),
                Kind = ParseKind(reader.GetString(3)),
                Script = reader.GetString(4),
                Checksum = reader.IsDBNull(5) ? null : reader.GetString(5),
                AppliedBy = reader.GetString(6),
                AppliedAt = DateTime.SpecifyKind(reader.GetDateTime(7), DateTimeKind.Utc),
                DurationMs = Convert.ToInt64(reader.GetValue(8), System.Globalization.CultureInfo.InvariantCulture),
                Success = reader.GetBoolean(9),
                StatementsDone = Convert.ToInt32(reader.GetValue(10), System.Globalization.CultureInfo.InvariantCulture),
                StatementHashes = reader.IsDBNull(11) ? null : reader.GetString(11),
                ResumeKey = reader.IsDBNull(12) ? null : reader.GetString(12),
            });
        }

        return rows.AsReadOnly();
    }

    private static HistoryKind ParseKind(string text) => HistoryKinds.TryParse(text, out var kind)
        ? kind
        : throw new Errors.UpshiftException(Errors.ErrorCode.HistoryUnreadable, $"the migration history holds a row of unknown kind '{text}'", hint: "the history was written by a newer Upshift or edited by hand; nothing was changed");

    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        foreach (var statement in _dialect.CreateTableStatements(_table))
        {
            await using var command = _connection.CreateCommand();
            command.CommandText = statement;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task AppendAsync(HistoryRow row, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO {_name} ({_columns}) VALUES (@rank, @version, @description, @kind, @script, @checksum, @applied_by, @applied_at, @duration_ms, @success, @statements_done, @statement_hashes, @resume_key)";
        AddRow(command.Parameters, command.CreateParameter, row, withDuration: true);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Adds the INSERT of <paramref name="row"/> to <paramref name="batch"/>, to run after the script's statements
    /// in their transaction. <see cref="HistoryRow.AppliedAt"/> is the time the batch is sent; the server adds to
    /// it, and records as the duration, the time the transaction has run when the row is inserted.
    /// </summary>
    public void AddTimedAppend(DbBatch batch, HistoryRow row, Providers.ICommitInBatch server)
    {
        var insert = batch.CreateBatchCommand();
        insert.CommandText = $"INSERT INTO {_name} ({_columns}) VALUES (@rank, @version, @description, @kind, @script, @checksum, @applied_by, {server.StartPlusElapsedSql("@applied_at")}, {server.ElapsedMillisecondsSql}, @success, @statements_done, @statement_hashes, @resume_key)";
        AddRow(insert.Parameters, insert.CreateParameter, row, withDuration: false);
        batch.BatchCommands.Add(insert);
    }

    /// <summary>
    /// Records progress of the running attempt of a statement-checkpointed script. The checksum is the file's
    /// being applied now: a resumed script may have been fixed after the statements its hashes protect.
    /// </summary>
    public async Task UpdateProgressAsync(ScriptProgress progress, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"UPDATE {_name} SET checksum = @checksum, statements_done = @statements_done, statement_hashes = @statement_hashes, success = @success, duration_ms = @duration_ms, applied_at = @applied_at, resume_key = @resume_key WHERE {_rank} = @rank";
        Add(command, "checksum", progress.Checksum);
        Add(command, "resume_key", progress.Backfill?.ToString());
        Add(command, "statements_done", progress.StatementsDone);
        Add(command, "statement_hashes", progress.StatementHashes);
        Add(command, "success", progress.Success);
        Add(command, "duration_ms", progress.DurationMs);
        Add(command, "applied_at", DateTime.UtcNow);
        Add(command, "rank", progress.Rank);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Re-aligns the checksum of successful rows of a script (repair).</summary>
    public async Task<int> UpdateChecksumAsync(long rank, string checksum, CancellationToken cancellationToken)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = $"UPDATE {_name} SET checksum = @checksum WHERE {_rank} = @rank";
        Add(command, "checksum", checksum);
        Add(command, "rank", rank);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> DeleteAsync(long rank, CancellationToken cancellationToken)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = $"DELETE FROM {_name} WHERE {_rank} = @rank";
        Add(command, "rank", rank);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The parameters of a row's INSERT; without <paramref name="withDuration"/> the server computes the duration.</summary>
    private static void AddRow(DbParameterCollection parameters, Func<DbParameter> create, HistoryRow row, bool withDuration)
    {
        Add(parameters, create, "rank", row.Rank);
        Add(parameters, create, "version", row.Version);
        Add(parameters, create, "description", row.Description);
        Add(parameters, create, "kind", row.Kind.ToWire());
        Add(parameters, create, "script", row.Script);
        Add(parameters, create, "checksum", row.Checksum);
        Add(parameters, create, "applied_by", row.AppliedBy);
        Add(parameters, create, "applied_at", row.AppliedAt);
        if (withDuration)
        {
            Add(parameters, create, "duration_ms", row.DurationMs);
        }

        Add(parameters, create, "success", row.Success);
        Add(parameters, create, "statements_done", row.StatementsDone);
        Add(parameters, create, "statement_hashes", row.StatementHashes);
        Add(parameters, create, "resume_key", row.ResumeKey);
    }

    private static void Add(DbCommand command, string name, object? value) => Add(command.Parameters, command.CreateParameter, name, value);

    private static void Add(DbParameterCollection parameters, Func<DbParameter> create, string name, object? value)
    {
        var parameter = create();
        parameter.ParameterName = "@" + name;
        parameter.Value = value ?? DBNull.Value;
        if (value is null)
        {
            // Untyped NULLs confuse some engines about the column type; these are all text columns.
            parameter.DbType = System.Data.DbType.String;
        }

        parameters.Add(parameter);
    }
}
