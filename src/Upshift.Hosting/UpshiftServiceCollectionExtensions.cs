using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Upshift.Hosting;

/// <summary>
/// <c>builder.Services.AddUpshift(builder.Configuration.GetSection("Upshift"), o =&gt; o.Session(s =&gt; s.UsePostgres()).EmbeddedScripts(typeof(Program).Assembly))</c>:
/// migrates at start-up in the background (<see cref="UpshiftOptions.MigrateOnStart"/>), registers the health check
/// <c>upshift</c> (tagged <see cref="UpshiftHealth.ReadyTag"/>) and <see cref="IUpshiftReadiness"/>.
/// </summary>
public static class UpshiftServiceCollectionExtensions
{
    /// <summary>Adds Upshift configured in code only.</summary>
    public static IServiceCollection AddUpshift(this IServiceCollection services, Action<UpshiftOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return services.AddUpshift(configuration: null, configure);
    }

    /// <summary>
    /// Adds Upshift: <paramref name="configure"/> first (the app's defaults: providers, embedded scripts), then the keys
    /// <paramref name="configuration"/> sets (the section <c>Upshift</c>; environment variables <c>Upshift__Db</c> and
    /// so on), which win. Bad values stop the host when it starts, naming the key.
    /// </summary>
    public static IServiceCollection AddUpshift(this IServiceCollection services, IConfiguration? configuration, Action<UpshiftOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<UpshiftOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        if (configuration is not null)
        {
            options.Configure(o => UpshiftConfiguration.Apply(configuration, o));
        }

        services.TryAddSingleton(sp => new UpshiftReadiness(sp.GetRequiredService<IOptions<UpshiftOptions>>().Value.ReadinessConditions));
        services.TryAddSingleton<IUpshiftReadiness>(sp => sp.GetRequiredService<UpshiftReadiness>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, UpshiftMigrationService>());
        services.AddHealthChecks().Add(new HealthCheckRegistration(
            UpshiftHealthCheck.Name,
            sp => new UpshiftHealthCheck(sp.GetRequiredService<IUpshiftReadiness>()),
            failureStatus: null,
            tags: [UpshiftHealth.ReadyTag, UpshiftHealthCheck.Name]));
        return services;
    }
}
