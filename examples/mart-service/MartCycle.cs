using Microsoft.Extensions.Options;
using Npgsql;
using Upshift.Hosting;
using Upshift.Postgres;

namespace MartService;

/// <summary>
/// The reporting mart's work: every few seconds, folds <c>sales</c> into <c>daily_sales</c>. It starts once the schema
/// is usable, and its first successful refresh is the app's own readiness condition: a replica that cannot refresh
/// (a permission missing, a view broken) never receives traffic.
/// </summary>
public sealed class MartCycle(IUpshiftReadiness readiness, IOptions<UpshiftOptions> upshift, IOptions<MartSettings> settings, ILogger<MartCycle> log) : BackgroundService
{
    /// <summary>The readiness condition this cycle signals.</summary>
    public const string FirstGoodCycle = "first good cycle";

    private const string Refresh = """
        INSERT INTO daily_sales (day, store, total, refreshed_at)
        SELECT sold_at::date, store, sum(amount), now() FROM sales GROUP BY 1, 2
        ON CONFLICT (day, store) DO UPDATE SET total = EXCLUDED.total, refreshed_at = EXCLUDED.refreshed_at
        """;

    /// <summary>The rows of the last refresh, newest day first.</summary>
    public IReadOnlyList<DailySales> Latest { get; private set; } = [];

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await readiness.WhenSchemaReadyAsync(stoppingToken);
        var connectionString = PostgresUrl.ToConnectionString(upshift.Value.Db!);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                Latest = await RefreshAsync(connectionString, stoppingToken);
                readiness.Signal(FirstGoodCycle);
            }
            catch (NpgsqlException e)
            {
                log.LogWarning("mart refresh failed, retrying next cycle: {Message}", e.Message);
            }

            await Task.Delay(TimeSpan.FromSeconds(settings.Value.CycleSeconds), stoppingToken);
        }
    }

    private static async Task<IReadOnlyList<DailySales>> RefreshAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var refresh = new NpgsqlCommand(Refresh, connection))
        {
            await refresh.ExecuteNonQueryAsync(cancellationToken);
        }

        var rows = new List<DailySales>();
        await using var read = new NpgsqlCommand("SELECT day, store, total FROM daily_sales ORDER BY day DESC, store LIMIT 100", connection);
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new DailySales(DateOnly.FromDateTime(reader.GetDateTime(0)), reader.GetString(1), reader.GetDecimal(2)));
        }

        return rows;
    }
}

/// <summary>One row of the mart.</summary>
public sealed record DailySales(DateOnly Day, string Store, decimal Total);
