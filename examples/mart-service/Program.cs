using MartService;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Upshift.Hosting;
using Upshift.Sessions;

// Procedure C: each replica migrates its database on start-up (one at a time, under Upshift's lock), answers
// /health/live at once, and reports ready only after the schema is usable and its first good mart cycle ran.
var builder = WebApplication.CreateBuilder(args);

builder.Services.AddUpshift(builder.Configuration.GetSection("Upshift"), upshift => upshift
    .Session(session => session.UsePostgres())
    .EmbeddedScripts(typeof(MartCycle).Assembly, "sql/")
    .WaitFor(MartCycle.FirstGoodCycle));
builder.Services.Configure<MartSettings>(builder.Configuration.GetSection("Mart"));
builder.Services.AddSingleton<MartCycle>();
builder.Services.AddHostedService(services => services.GetRequiredService<MartCycle>());

// Spans and metric points of the migration go wherever the app's telemetry goes; the console exporter stands in for
// an OTLP collector here and is off unless Mart__ConsoleTelemetry=true.
if (builder.Configuration.GetValue<bool>("Mart:ConsoleTelemetry"))
{
    builder.Services.AddOpenTelemetry()
        .WithTracing(t => t.AddUpshiftInstrumentation().AddConsoleExporter())
        .WithMetrics(m => m.AddUpshiftInstrumentation().AddConsoleExporter());
}

var app = builder.Build();

// Liveness checks nothing but the process: a replica migrating for half an hour is alive, not ready.
app.MapHealthChecks("/health/live", new() { Predicate = _ => false });
app.MapHealthChecks("/health/ready", new()
{
    Predicate = check => check.Tags.Contains(UpshiftHealth.ReadyTag),
    ResponseWriter = UpshiftHealth.WriteJson,
});
app.MapGet("/daily-sales", (MartCycle mart) => mart.Latest);

app.Run();
