using System.ComponentModel.DataAnnotations;

namespace ForwardEmail.Dashboard.Core.Provisioning;

/// <summary>How provisioning and reconciliation behave (configuration section <c>Provisioning</c>).</summary>
public sealed class ProvisioningOptions
{
    public const string SectionName = "Provisioning";

    /// <summary>How long an alias keeps forwarding after its owner stops qualifying (left the team, account not valid or not found, renamed) before it is disabled. Default 7 days. A ban disables at once.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00")]
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Removal circuit breaker: a reconciliation that would schedule for removal or disable more than this share of a domain's enabled aliases disables nothing there and asks admins to confirm. Default 0.10 (10 %).</summary>
    [Range(0.0, 1.0)]
    public double RemovalCircuitBreakerShare { get; set; } = 0.10;

    /// <summary>How long a removal review can be confirmed, and a confirmation applied, after the run that opened it. Default 3 days.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan RemovalReviewLifetime { get; set; } = TimeSpan.FromDays(3);

    /// <summary>
    /// More alias creations and changes than this on one domain in one reconciliation send its admin contacts one digest
    /// instead of one message each. Default 20.
    /// </summary>
    [Range(1, 100_000)]
    public int DigestThreshold { get; set; } = 20;

    /// <summary>Contributors read per database page during a reconciliation. Default 500.</summary>
    [Range(1, 10_000)]
    public int ReconciliationBatchSize { get; set; } = 500;

    /// <summary>Person requests in flight at once during a reconciliation (only for contributors no team listing describes). Default 8.</summary>
    [Range(1, 64)]
    public int DirectoryLookupConcurrency { get; set; } = 8;

    /// <summary>Attempts of one contributor's transaction when a concurrent writer got there first or SQLite stayed busy. Default 5.</summary>
    [Range(1, 20)]
    public int MaxWriteAttempts { get; set; } = 5;
}
