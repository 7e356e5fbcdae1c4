using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Upshift.Errors;
using Upshift.Sources;

namespace Upshift.Hosting;

/// <summary>
/// Migrates at start-up in the background. <see cref="StartAsync"/> only checks the configuration (bad configuration
/// stops the host at once) and returns: the web server comes up, <c>/health/live</c> answers, and readiness stays
/// Unhealthy with the reason until the schema is usable. Blocking start-up instead would leave a probe unanswered
/// for as long as an index build takes, and an orchestrator would kill the pod mid-migration.
/// </summary>
internal sealed class UpshiftMigrationService(IOptions<UpshiftOptions> options, UpshiftReadiness readiness, ILoggerFactory loggerFactory, IServiceProvider services) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _running = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var scripts = ScriptsOf(settings);
        var window = settings.Compatibility is { } text ? CompatibilityWindow.Parse(text) : null;
        if (string.IsNullOrWhiteSpace(settings.Db))
        {
            throw new UpshiftException(ErrorCode.BadArguments, "no database given for Upshift", hint: "set Upshift:Db (environment variable Upshift__Db) or UpshiftOptions.Db");
        }

        var migration = new StartupMigration(settings, scripts, window, readiness, loggerFactory, services.GetService(typeof(IMeterFactory)) as IMeterFactory);
        _running = Task.Run(() => LoopAsync(migration, settings.RecheckInterval, _stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // Cancelling stops the statement running; the database keeps what was committed and the next start resumes.
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _running.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public void Dispose() => _stopping.Dispose();

    private static IScriptSource ScriptsOf(UpshiftOptions settings) =>
        settings.Scripts is { } folder ? ScriptSources.Folder(folder)
        : settings.ScriptSource ?? throw new UpshiftException(ErrorCode.BadArguments, "no scripts given for Upshift", hint: "embed them (UpshiftOptions.EmbeddedScripts) or set Upshift:Scripts to a folder (environment variable Upshift__Scripts)");

    private static async Task LoopAsync(StartupMigration migration, TimeSpan interval, CancellationToken stopping)
    {
        try
        {
            while (await migration.RunOnceAsync(stopping).ConfigureAwait(false))
            {
                await Task.Delay(interval, stopping).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }
}
