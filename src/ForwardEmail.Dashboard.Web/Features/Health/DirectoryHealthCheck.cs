using ForwardEmail.Dashboard.Core.Directory;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace ForwardEmail.Dashboard.Web.Features.Health;

/// <summary>One GET of the directory's base URL, without the resilience pipeline's retries: any answer below 500 means it is up.</summary>
internal sealed class DirectoryHealthCheck(IHttpClientFactory clients, IOptions<LaunchpadOptions> options) : IHealthCheck
{
    public const string ClientName = "directory-health";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var url = options.Value.NormalizedBaseUrl;
        try
        {
            using var client = clients.CreateClient(ClientName);
            using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            return (int)response.StatusCode < 500
                ? HealthCheckResult.Healthy($"{url} answered {(int)response.StatusCode}")
                : new HealthCheckResult(context.Registration.FailureStatus, $"{url} answered {(int)response.StatusCode}");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"{url} did not answer: {ex.Message}");
        }
    }
}
