using System.Diagnostics;
using Upshift.Diagnostics;
using Upshift.Errors;

namespace Upshift.Backup.Diagnostics;

/// <summary>
/// Turns the events of a backup or restore into log events (<see cref="UpshiftEventIds"/>), the
/// <see cref="UpshiftDiagnostics.BackupBytes"/> counter and one span (<c>upshift.backup</c> or <c>upshift.restore</c>),
/// and passes every event on to an inner observer (a progress display). One observer per backup or restore.
/// </summary>
internal sealed class DiagnosticBackupObserver : IBackupObserver, IDisposable
{
    private readonly DiagnosticOptions _options;
    private readonly IBackupObserver _inner;
    private BackupOperation _operation;
    private Activity? _activity;

    public DiagnosticBackupObserver(DiagnosticOptions options, IBackupObserver? inner = null)
    {
        _options = options;
        _inner = inner ?? SilentBackupObserver.Instance;
    }

    public void Started(BackupOperation operation)
    {
        _operation = operation;
        _activity = _options.Instrumentation.ActivitySource.StartActivity(UpshiftDiagnostics.BackupActivityPrefix + Name(operation), ActivityKind.Internal);
        _activity?.SetTag(UpshiftDiagnostics.Tags.Engine, _options.Engine);
        _activity?.SetTag(UpshiftDiagnostics.Tags.Target, _options.Target);
        if (operation == BackupOperation.Backup)
        {
            BackupLog.BackupStarted(_options.Logger, _options.Target);
        }
        else
        {
            BackupLog.RestoreStarted(_options.Logger, _options.Target);
        }

        _inner.Started(operation);
    }

    public void PhaseStarted(BackupPhase phase)
    {
        var name = phase.ToWire();
        _activity?.AddEvent(new ActivityEvent("upshift.phase", tags: new ActivityTagsCollection { ["phase"] = name }));
        BackupLog.PhaseStarted(_options.Logger, _options.Target, name);
        _inner.PhaseStarted(phase);
    }

    public void Progress(TransferProgress progress) => _inner.Progress(progress);

    public void TableCompleted(BackupTable table, TimeSpan elapsed)
    {
        // Called by the workers of the run at once: the counter and the logger are safe for that.
        _options.Instrumentation.BackupBytes.Add(
            table.RawBytes,
            new(UpshiftDiagnostics.Tags.Engine, _options.Engine),
            new(UpshiftDiagnostics.Tags.Target, _options.Target),
            new(UpshiftDiagnostics.Tags.Operation, Name(_operation)));
        if (_operation == BackupOperation.Backup)
        {
            BackupLog.BackupTableCompleted(_options.Logger, _options.Target, table.DisplayName, table.Rows, table.RawBytes, elapsed.TotalSeconds);
        }
        else
        {
            BackupLog.RestoreTableCompleted(_options.Logger, _options.Target, table.DisplayName, table.Rows, table.RawBytes, elapsed.TotalSeconds);
        }

        _inner.TableCompleted(table, elapsed);
    }

    public void Notice(string message)
    {
        var text = _options.Redact(message);
        _activity?.AddEvent(new ActivityEvent("upshift.notice", tags: new ActivityTagsCollection { ["message"] = text }));
        BackupLog.Notice(_options.Logger, _options.Target, text);
        _inner.Notice(message);
    }

    public void Completed(BackupOperation operation, BackupManifest manifest, TimeSpan elapsed)
    {
        _activity?.SetTag("upshift.tables", manifest.Tables.Count);
        _activity?.SetTag("upshift.rows", manifest.TotalRows);
        _activity?.SetStatus(ActivityStatusCode.Ok);
        End();
        var rawRows = manifest.Tables.Sum(t => t.RawBytes);
        if (operation == BackupOperation.Backup)
        {
            BackupLog.BackupCompleted(_options.Logger, _options.Target, manifest.Tables.Count, manifest.TotalRows, rawRows, manifest.SchemaVersion, elapsed.TotalSeconds);
        }
        else
        {
            BackupLog.RestoreCompleted(_options.Logger, _options.Target, manifest.Tables.Count, manifest.TotalRows, rawRows, manifest.SchemaVersion, elapsed.TotalSeconds);
        }

        _inner.Completed(operation, manifest, elapsed);
    }

    public void Failed(BackupOperation operation, Exception error)
    {
        var message = _options.Redact((error as UpshiftException)?.OneLine ?? error.Message.ReplaceLineEndings(" "));
        _activity?.SetTag(UpshiftDiagnostics.Tags.ErrorType, (error as UpshiftException)?.Code.ToString() ?? error.GetType().Name);
        _activity?.SetStatus(ActivityStatusCode.Error, message);
        End();
        if (operation == BackupOperation.Backup)
        {
            BackupLog.BackupFailed(_options.Logger, _options.Target, message);
        }
        else
        {
            BackupLog.RestoreFailed(_options.Logger, _options.Target, message);
        }

        _inner.Failed(operation, error);
    }

    public void Dispose() => End();

    private static string Name(BackupOperation operation) => operation == BackupOperation.Backup ? "backup" : "restore";

    private void End()
    {
        _activity?.Stop();
        _activity = null;
    }
}
