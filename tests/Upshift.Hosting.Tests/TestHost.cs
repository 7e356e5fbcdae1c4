using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Upshift.Sessions;

namespace Upshift.Hosting.Tests;

/// <summary>
/// An app as users write it, in process on a real Kestrel port: AddUpshift from configuration (the keys an operator
/// sets as <c>Upshift__Db</c> and so on), <c>/health/live</c> and the JSON <c>/health/ready</c>.
/// </summary>
public sealed class TestHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestHost(WebApplication app, HttpClient client)
    {
        _app = app;
        Client = client;
    }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Builds and starts the host; <paramref name="settings"/> are the section <c>Upshift</c>'s keys.</summary>
    public static async Task<TestHost> StartAsync(
        IReadOnlyDictionary<string, string?> settings,
        Action<UpshiftOptions>? configure = null,
        Action<IServiceCollection>? services = null,
        ILoggerProvider? logs = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Test", ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs).SetMinimumLevel(LogLevel.Debug);
        }

        builder.Configuration.AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>("Upshift:" + s.Key, s.Value)));
        builder.Services.AddUpshift(builder.Configuration.GetSection("Upshift"), o =>
        {
            o.Session(s => s.UsePostgres());
            o.RecheckInterval = TimeSpan.FromMilliseconds(200);
            configure?.Invoke(o);
        });
        services?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new() { Predicate = c => c.Tags.Contains(UpshiftHealth.ReadyTag), ResponseWriter = UpshiftHealth.WriteJson });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TestHost(app, new HttpClient { BaseAddress = new Uri(address) });
    }

    public static Task<TestHost> StartAsync(PgDatabase database, ScriptFolder scripts, Action<UpshiftOptions>? configure = null) =>
        StartAsync(new Dictionary<string, string?> { ["Db"] = database.Url, ["Scripts"] = scripts.Path }, configure);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
