using Upshift.History;
using Upshift.Versions;

namespace Upshift.Planning;

/// <summary>What the append-only history says now: the effective row of every version and repeatable.</summary>
internal sealed class HistoryView
{
    private readonly Dictionary<SchemaVersion, HistoryRow> _applied = [];
    private readonly Dictionary<SchemaVersion, HistoryRow> _lastVersionedAttempt = [];
    private readonly Dictionary<string, HistoryRow> _lastRepeatableSuccess = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, HistoryRow> _lastRepeatableAttempt = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<SchemaVersion, HistoryRow> _unfinishedUndo = [];

    public HistoryView(IReadOnlyList<HistoryRow> rows)
    {
        Rows = rows;
        foreach (var row in rows)
        {
            var version = row.Version is null ? null : SchemaVersion.TryParse(row.Version, out var v) ? v : null;
            switch (row.Kind)
            {
                case HistoryKind.Baseline when row.Success && version is not null:
                    if (Baseline is null || version > Baseline)
                    {
                        Baseline = version;
                        BaselineRow = row;
                    }

                    break;
                case HistoryKind.Versioned when version is not null:
                    _lastVersionedAttempt[version] = row;
                    if (row.Success)
                    {
                        _applied[version] = row;
                        _unfinishedUndo.Remove(version);
                    }

                    break;
                case HistoryKind.Undo when version is not null && row.Success:
                    // An undone version is no longer applied; a later migrate applies it again.
                    _applied.Remove(version);
                    _lastVersionedAttempt.Remove(version);
                    _unfinishedUndo.Remove(version);
                    break;
                case HistoryKind.Undo when version is not null:
                    // A failed undo leaves its version applied, and the database is not clean until rollback or repair.
                    _unfinishedUndo[version] = row;
                    break;
                case HistoryKind.Repeatable:
                    _lastRepeatableAttempt[row.Description] = row;
                    if (row.Success)
                    {
                        _lastRepeatableSuccess[row.Description] = row;
                    }

                    break;
            }
        }

        var highestApplied = _applied.Keys.Max();
        Current = Baseline is null ? highestApplied : highestApplied is null || Baseline > highestApplied ? Baseline : highestApplied;
        NextRank = rows.Count == 0 ? 1 : rows.Max(r => r.Rank) + 1;
    }

    public IReadOnlyList<HistoryRow> Rows { get; }

    public SchemaVersion? Baseline { get; }

    public HistoryRow? BaselineRow { get; }

    /// <summary>Highest applied version or baseline; null when the history holds neither.</summary>
    public SchemaVersion? Current { get; }

    public long NextRank { get; }

    public IReadOnlyDictionary<SchemaVersion, HistoryRow> Applied => _applied;

    public HistoryRow? AppliedRow(SchemaVersion version) => _applied.GetValueOrDefault(version);

    /// <summary>The last attempt at a version when it did not succeed (failed or partial), else null.</summary>
    public HistoryRow? UnfinishedAttempt(SchemaVersion version) =>
        _lastVersionedAttempt.TryGetValue(version, out var row) && !row.Success ? row : null;

    /// <summary>Every version whose last attempt did not succeed, with that attempt.</summary>
    public IEnumerable<KeyValuePair<SchemaVersion, HistoryRow>> UnfinishedAttempts => _lastVersionedAttempt.Where(a => !a.Value.Success);

    /// <summary>Every version whose last undo attempt failed (or stopped part way) after it was applied, with that attempt.</summary>
    public IEnumerable<KeyValuePair<SchemaVersion, HistoryRow>> UnfinishedUndos => _unfinishedUndo;

    public HistoryRow? RepeatableSuccess(string description) => _lastRepeatableSuccess.GetValueOrDefault(description);

    public HistoryRow? UnfinishedRepeatable(string description) =>
        _lastRepeatableAttempt.TryGetValue(description, out var row) && !row.Success ? row : null;
}
