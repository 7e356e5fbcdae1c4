using System.Diagnostics;
using Upshift.Backup.Diagnostics;
using Upshift.Conformance;
using Upshift.Diagnostics;
using Upshift.Errors;
using Upshift.Sqlite;

namespace Upshift.Backup.Tests;

/// <summary>A backup and a restore of a SQLite file in process, watched by the diagnostic observer.</summary>
public sealed class BackupDiagnosticsTests : IDisposable
{
    private readonly DirectoryInfo _files = Directory.CreateTempSubdirectory("upshift-backup-diagnostics-");

    public void Dispose()
    {
        _files.Delete(recursive: true);
    }

    [Fact]
    public async Task A_backup_and_its_restore_count_the_bytes_of_every_table_and_log_each_table_between_start_and_end()
    {
        await using var source = new SqliteDatabase();
        await source.ExecuteAsync("CREATE TABLE a (id INTEGER PRIMARY KEY, v TEXT); INSERT INTO a VALUES (1, 'one'), (2, 'two'); CREATE TABLE b (id INTEGER PRIMARY KEY); INSERT INTO b VALUES (7);");
        var file = Path.Combine(_files.FullName, "a.upbak");
        using var capture = new TelemetryCapture();
        var provider = SqliteProvider.FromUrl(source.Url);
        var display = new RecordingObserver();

        BackupManifest manifest;
        using (var observer = new DiagnosticBackupObserver(capture.Options(provider.Engine, provider.Target), display))
        {
            manifest = await BackupRunner.RunAsync(provider, new BackupOptions(file), observer);
        }

        var written = capture.PointsOf(UpshiftDiagnostics.BackupBytes);
        Assert.Equal(2, written.Count);
        Assert.Equal(manifest.Tables.Sum(t => t.RawBytes), written.Sum(p => p.Value));
        Assert.True(written.Sum(p => p.Value) > 0);
        Assert.All(written, p => Assert.Equal("backup", p.Tag(UpshiftDiagnostics.Tags.Operation)));
        Assert.All(written, p => Assert.Equal(provider.Target, p.Tag(UpshiftDiagnostics.Tags.Target)));
        Assert.Equal(
            [UpshiftEventIds.BackupStarted, UpshiftEventIds.BackupPhaseStarted, UpshiftEventIds.BackupPhaseStarted, UpshiftEventIds.BackupTableCompleted, UpshiftEventIds.BackupTableCompleted, UpshiftEventIds.BackupCompleted],
            capture.Logs.Select(e => e.Id));
        var span = Assert.Single(capture.Spans);
        Assert.Equal("upshift.backup", span.OperationName);
        Assert.Equal(ActivityStatusCode.Ok, span.Status);
        Assert.Equal(["Started Backup", "PhaseStarted schema", "PhaseStarted tables", "TableCompleted", "TableCompleted", "Completed Backup"], display.Events.Where(e => e != "Progress"));

        await using var target = new SqliteDatabase();
        var restoring = SqliteProvider.FromUrl(target.Url);
        using (var observer = new DiagnosticBackupObserver(capture.Options(restoring.Engine, restoring.Target), display))
        {
            await RestoreRunner.RunAsync(restoring, new RestoreOptions(file), observer);
        }

        var restored = capture.PointsOf(UpshiftDiagnostics.BackupBytes).Where(p => p.Tag(UpshiftDiagnostics.Tags.Operation) == "restore").ToList();
        Assert.Equal(manifest.Tables.Sum(t => t.RawBytes), restored.Sum(p => p.Value));
        Assert.Equal(UpshiftEventIds.RestoreStarted, capture.Logs[6].Id);
        Assert.Equal(2, capture.Logs.Count(e => e.Id == UpshiftEventIds.RestoreTableCompleted));
        Assert.Equal(UpshiftEventIds.RestoreCompleted, capture.Logs[^1].Id);
        Assert.Equal("upshift.restore", capture.Spans[^1].OperationName);
        Assert.Equal("Completed Restore", display.Events[^1]);
    }

    [Fact]
    public async Task A_refused_restore_is_logged_as_failed_and_its_span_ends_as_an_error()
    {
        await using var source = new SqliteDatabase();
        await source.ExecuteAsync("CREATE TABLE a (id INTEGER PRIMARY KEY); INSERT INTO a VALUES (1);");
        var file = Path.Combine(_files.FullName, "b.upbak");
        await BackupRunner.RunAsync(SqliteProvider.FromUrl(source.Url), new BackupOptions(file));
        await using var target = new SqliteDatabase();
        await target.ExecuteAsync("CREATE TABLE occupied (id int);");
        using var capture = new TelemetryCapture();
        var provider = SqliteProvider.FromUrl(target.Url);
        var display = new RecordingObserver();

        using (var observer = new DiagnosticBackupObserver(capture.Options(provider.Engine, provider.Target), display))
        {
            var refused = await Assert.ThrowsAsync<UpshiftException>(() => RestoreRunner.RunAsync(provider, new RestoreOptions(file), observer));
            Assert.Equal(ErrorCode.BadArguments, refused.Code);
        }

        Assert.Equal([UpshiftEventIds.RestoreStarted, UpshiftEventIds.RestoreFailed], capture.Logs.Select(e => e.Id));
        Assert.Contains("not empty", capture.Logs[1].Message, StringComparison.Ordinal);
        var span = Assert.Single(capture.Spans);
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal(nameof(ErrorCode.BadArguments), span.GetTagItem(UpshiftDiagnostics.Tags.ErrorType));
        Assert.Equal(["Started Restore", "Failed Restore"], display.Events);
    }

    /// <summary>The progress display's view of a backup or restore; tables complete on several threads at once.</summary>
    private sealed class RecordingObserver : IBackupObserver
    {
        private readonly Lock _lock = new();
        private readonly List<string> _events = [];

        public List<string> Events
        {
            get
            {
                lock (_lock)
                {
                    return [.. _events];
                }
            }
        }

        public void Started(BackupOperation operation) => Add($"Started {operation}");

        public void PhaseStarted(BackupPhase phase) => Add($"PhaseStarted {phase.ToWire()}");

        public void Progress(TransferProgress progress) => Add("Progress");

        public void TableCompleted(BackupTable table, TimeSpan elapsed) => Add("TableCompleted");

        public void Completed(BackupOperation operation, BackupManifest manifest, TimeSpan elapsed) => Add($"Completed {operation}");

        public void Failed(BackupOperation operation, Exception error) => Add($"Failed {operation}");

        private void Add(string line)
        {
            lock (_lock)
            {
                _events.Add(line);
            }
        }
    }
}
