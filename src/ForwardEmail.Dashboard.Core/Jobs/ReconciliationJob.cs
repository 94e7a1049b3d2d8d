using ForwardEmail.Dashboard.Core.Provisioning;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.Logging;

namespace ForwardEmail.Dashboard.Core.Jobs;

/// <summary>
/// The scheduled full reconciliation. A distributed lock in Hangfire's storage keeps it to one run at a time across every
/// server on that storage; a run that finds the lock taken skips (the running one does the work) instead of queueing up.
/// A directory outage throws, and Hangfire retries with growing delays.
/// </summary>
public sealed partial class ReconciliationJob(ReconciliationService reconciliation, JobStorage storage, ILogger<ReconciliationJob> logger) : IDashboardJob
{
    public const string JobId = "reconciliation";
    public const string LockResource = "forwardemail-dashboard:reconciliation";
    public const string Actor = "system:reconciliation";
    public const string SkippedResult = "skipped: another reconciliation is running";

    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        // The lock lives as long as this storage connection (SQL Server: an application lock of its session).
        using var connection = storage.GetConnection();
        IDisposable held;
        try
        {
            held = connection.AcquireDistributedLock(LockResource, TimeSpan.Zero);
        }
        catch (DistributedLockTimeoutException)
        {
            LogSkipped(logger);
            return SkippedResult;
        }

        using (held)
        {
            var stats = await reconciliation.ReconcileAsync(Actor, cancellationToken);
            return stats.ToString();
        }
    }

    [LoggerMessage(EventId = 5000, Level = LogLevel.Information, Message = "Reconciliation skipped: another server is running one")]
    private static partial void LogSkipped(ILogger logger);
}
