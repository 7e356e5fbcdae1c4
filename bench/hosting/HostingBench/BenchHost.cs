using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Npgsql;
using Upshift.Hosting;
using Upshift.Postgres;
using Upshift.Sessions;

namespace Upshift.Bench.Hosting;

/// <summary>
/// The host measured: the same minimal web app with and without AddUpshift, timed from before the builder to the
/// first 200 of /health/ready. With Upshift, that includes the background check: connect, read the history, load the
/// scripts, find nothing pending.
/// </summary>
internal static class BenchHost
{
    /// <summary>What the host adds to the bare web app.</summary>
    public enum Kind
    {
        /// <summary>Nothing: readiness has no check.</summary>
        Plain,
        /// <summary>The floor of any check of a database: a readiness check that opens one connection and runs SELECT 1.</summary>
        Ping,
        /// <summary>AddUpshift.</summary>
        Upshift,
    }

    public static async Task<double> StartToReadyAsync(Kind kind, string db, string scripts)
    {
        var clock = Stopwatch.StartNew();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var checks = builder.Services.AddHealthChecks();
        if (kind == Kind.Ping)
        {
            var connectionString = PostgresUrl.ToConnectionString(db);
            checks.AddAsyncCheck("ping", async token =>
            {
                // A data source of its own, as AddUpshift's session has: no pool shared with earlier hosts.
                await using var source = NpgsqlDataSource.Create(connectionString);
                await using var command = source.CreateCommand("SELECT 1");
                await command.ExecuteScalarAsync(token);
                return HealthCheckResult.Healthy();
            }, tags: [UpshiftHealth.ReadyTag]);
        }

        if (kind == Kind.Upshift)
        {
            builder.Services.AddUpshift(o =>
            {
                o.Db = db;
                o.Scripts = scripts;
                o.Session(s => s.UsePostgres());
            });
        }

        await using var app = builder.Build();
        app.MapHealthChecks("/health/ready", new() { Predicate = c => c.Tags.Contains(UpshiftHealth.ReadyTag), ResponseWriter = UpshiftHealth.WriteJson });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var client = new HttpClient { BaseAddress = new Uri(address) };
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (true)
        {
            using var response = await client.GetAsync("/health/ready");
            if (response.IsSuccessStatusCode)
            {
                break;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException("never ready: " + await response.Content.ReadAsStringAsync());
            }

            // A probe's pace, not a spin: on two cores a tight loop would take the CPU from the check it waits for.
            await Task.Delay(5);
        }

        var elapsed = clock.Elapsed.TotalMilliseconds;
        await app.StopAsync();
        return elapsed;
    }
}
