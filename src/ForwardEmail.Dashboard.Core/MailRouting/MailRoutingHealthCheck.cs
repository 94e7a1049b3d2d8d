using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ForwardEmail.Dashboard.Core.MailRouting;

/// <summary>
/// Where the socketmap service listens and how lookups went. Degraded once the database left an address without an answer
/// (Postfix deferred it), so an operator sees it before the queue grows.
/// </summary>
internal sealed class MailRoutingHealthCheck(MailRoutingStatistics statistics) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var description = statistics.Endpoint is { } endpoint ? $"socketmap on {endpoint}: {statistics}" : "socketmap not listening";
        var data = new Dictionary<string, object>
        {
            ["hits"] = statistics.Count(LookupOutcome.Hit),
            ["misses"] = statistics.Count(LookupOutcome.Miss),
            ["lastKnown"] = statistics.Count(LookupOutcome.Stale),
            ["temp"] = statistics.Count(LookupOutcome.Temp),
        };
        var status = statistics.Endpoint is null ? context.Registration.FailureStatus
            : statistics.Count(LookupOutcome.Temp) > 0 ? HealthStatus.Degraded : HealthStatus.Healthy;
        return Task.FromResult(new HealthCheckResult(status, description, data: data));
    }
}
