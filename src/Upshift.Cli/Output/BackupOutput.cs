using System.Globalization;
using Upshift.Backup;

namespace Upshift.Cli.Output;

/// <summary>Human-readable summaries of backups and restores.</summary>
internal static class BackupOutput
{
    public static void Manifest(BackupManifest m, string file, long fileLength)
    {
        Console.WriteLine($"Backup:          {file} ({BackupProgress.Size(fileLength)})");
        Console.WriteLine($"Id:              {m.BackupId} (format {m.Format}, {m.Tool})");
        Console.WriteLine($"Source:          {m.Source}");
        Console.WriteLine($"Engine:          {m.Engine} {m.ServerVersion}");
        Console.WriteLine($"Schema version:  {m.SchemaVersion ?? "unknown"}{(m.HistoryTable is null ? " (no Upshift history)" : $" ({m.HistoryRows} history rows in {m.HistoryTable})")}");
        Console.WriteLine($"Created:         {m.CreatedAt:yyyy-MM-dd HH:mm:ss}Z (took {PlainProgress.Format(m.CompletedAt - m.CreatedAt)})");
        Console.WriteLine($"Compression:     {m.Compression}: {BackupProgress.Size(m.TotalRawBytes)} of data stored in {BackupProgress.Size(m.TotalStoredBytes)}");
        Console.WriteLine($"Schema parts:    {string.Join(", ", m.Schema.Select(s => $"{s.Name} ({BackupProgress.Size(s.RawBytes)})"))}");
        Console.WriteLine($"Sequences:       {m.Sequences.Count}");
        Console.WriteLine($"Tables:          {m.Tables.Count}, {m.TotalRows.ToString("N0", CultureInfo.InvariantCulture)} rows");
        Console.WriteLine();
        var rows = m.Tables
            .Select(t => new[] { t.Name, t.Table!.Rows.ToString("N0", CultureInfo.InvariantCulture), BackupProgress.Size(t.RawBytes), BackupProgress.Size(t.StoredBytes), t.Chunks.Count.ToString(CultureInfo.InvariantCulture) })
            .ToList();
        HumanOutput.Table(["TABLE", "ROWS", "DATA", "STORED", "CHUNKS"], rows);
    }

    public static string Rate(long bytes, TimeSpan elapsed) =>
        elapsed.TotalSeconds > 0 ? string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e6 / elapsed.TotalSeconds:0.0} MB/s") : "-";
}
