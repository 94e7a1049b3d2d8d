using System.ComponentModel.DataAnnotations;

namespace ForwardEmail.Dashboard.Core.Jobs;

/// <summary>
/// When the recurring jobs run (configuration section <c>Jobs:Schedule</c>): cron expressions in UTC, five fields
/// (minute hour day month weekday) or six with seconds first, as Hangfire reads them.
/// </summary>
public sealed class JobScheduleOptions
{
    public const string SectionName = "Jobs:Schedule";

    /// <summary>Full reconciliation of every contributor against the directory. Default <c>30 2 * * *</c> (daily, 02:30 UTC).</summary>
    [CronExpression]
    public string Reconciliation { get; set; } = "30 2 * * *";

    /// <summary>Sending due outbox messages. Default <c>* * * * *</c> (every minute).</summary>
    [CronExpression]
    public string OutboxDispatch { get; set; } = "* * * * *";

    /// <summary>Provisioning again the contributors whose last run failed transiently (directory unavailable). Default <c>*/5 * * * *</c>.</summary>
    [CronExpression]
    public string ProvisioningRetry { get; set; } = "*/5 * * * *";

    /// <summary>Re-checking every domain's DNS (ownership TXT, MX, SPF, DMARC). Default <c>17 */6 * * *</c> (every six hours).</summary>
    [CronExpression]
    public string DnsRecheck { get; set; } = "17 */6 * * *";
}
