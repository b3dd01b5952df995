using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Connectors.Web.Endpoints;

/// <summary><c>/healthz</c> as JSON: the overall status and each check's status, description, duration
/// and data (timestamps and counts only; never an exception's text). 200 when Healthy or Degraded,
/// 503 when Unhealthy.</summary>
public static class HealthResponse
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            durationMs = Math.Round(report.TotalDuration.TotalMilliseconds, 1),
            checks = report.Entries.Select(e => new
            {
                name = e.Key,
                status = e.Value.Status.ToString(),
                description = e.Value.Description ?? (e.Value.Exception is null ? null : "The check failed; see the server log."),
                durationMs = Math.Round(e.Value.Duration.TotalMilliseconds, 1),
                data = e.Value.Data,
            }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, Json));
    }
}
