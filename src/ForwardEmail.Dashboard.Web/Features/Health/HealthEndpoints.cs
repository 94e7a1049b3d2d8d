using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ForwardEmail.Dashboard.Web.Features.Health;

public static class HealthEndpoints
{
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The checks beside the database's (registered with it): the directory and mail. Either failing makes the app
    /// <c>Degraded</c>, not <c>Unhealthy</c>: pages still work and the outbox and retry jobs catch up once they are back.
    /// </summary>
    public static IHostApplicationBuilder AddDashboardHealthChecks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHttpClient(DirectoryHealthCheck.ClientName, client => client.Timeout = CheckTimeout)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        builder.Services.AddHealthChecks()
            .AddCheck<DirectoryHealthCheck>("directory", HealthStatus.Degraded, ["ready"], CheckTimeout)
            .AddCheck<MailHealthCheck>("smtp", HealthStatus.Degraded, ["ready"], CheckTimeout);
        return builder;
    }

    /// <summary><c>/healthz</c>: 200 when healthy or degraded, 503 when unhealthy (the database), with each check's state as JSON.</summary>
    public static IEndpointRouteBuilder MapDashboardHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions { ResponseWriter = WriteJsonAsync }).AllowAnonymous();
        return endpoints;
    }

    private static Task WriteJsonAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(
                entry => entry.Key,
                entry => new { status = entry.Value.Status.ToString(), description = entry.Value.Description, durationMs = entry.Value.Duration.TotalMilliseconds }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonSerializerOptions.Web), context.RequestAborted);
    }
}
