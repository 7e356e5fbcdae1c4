using System.Net;
using System.Text.Json;

namespace Upshift.Hosting.Tests;

/// <summary>One answer of a readiness endpoint: the status code and, for the <c>upshift</c> check, its fields.</summary>
public sealed record Readiness(HttpStatusCode Code, string Body, string? State, string? Description, string? Script, string? Error)
{
    public static async Task<Readiness> GetAsync(HttpClient client, string path = "/health/ready")
    {
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        string? state = null, description = null, script = null, error = null;
        if (body.StartsWith('{'))
        {
            using var json = JsonDocument.Parse(body);
            foreach (var check in json.RootElement.GetProperty("checks").EnumerateArray())
            {
                if (check.GetProperty("name").GetString() != "upshift")
                {
                    continue;
                }

                description = check.TryGetProperty("description", out var d) ? d.GetString() : null;
                var data = check.GetProperty("data");
                state = data.TryGetProperty("state", out var s) ? s.GetString() : null;
                script = data.TryGetProperty("script", out var sc) ? sc.GetString() : null;
                error = data.TryGetProperty("error", out var e) ? e.GetString() : null;
            }
        }

        return new Readiness(response.StatusCode, body, state, description, script, error);
    }

    /// <summary>
    /// Polls until <paramref name="until"/> holds and returns that answer. The deadline only keeps a broken build from
    /// hanging the suite; nothing is asserted about how long it took.
    /// </summary>
    public static async Task<Readiness> WaitAsync(HttpClient client, Func<Readiness, bool> until, string what, int seconds = 120)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        Readiness last;
        do
        {
            last = await GetAsync(client);
            if (until(last))
            {
                return last;
            }

            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);
        throw new Xunit.Sdk.XunitException($"readiness never became {what}; last answer {(int)last.Code}: {last.Body}");
    }
}
