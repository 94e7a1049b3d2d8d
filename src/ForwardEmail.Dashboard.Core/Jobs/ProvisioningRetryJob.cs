using ForwardEmail.Dashboard.Core.Audit;
using ForwardEmail.Dashboard.Core.Data;
using ForwardEmail.Dashboard.Core.Provisioning;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ForwardEmail.Dashboard.Core.Jobs;

/// <summary>
/// Provisions again each contributor whose error-log group is transient (directory unavailable) and not resolved, once the
/// group's last failure is <c>Jobs:Retry</c>'s delay old (doubling with the group's count, capped). A run that succeeds, or
/// that now fails permanently (its own group records that), resolves the transient group; a transient failure again just
/// counts up and waits longer. Permanent failures are never retried here: they wait for the next reconciliation.
/// </summary>
public sealed partial class ProvisioningRetryJob(
    IDbContextFactory<DashboardDbContext> contextFactory,
    ProvisioningService provisioning,
    IOptions<JobRetryOptions> retryOptions,
    TimeProvider time,
    ILogger<ProvisioningRetryJob> logger) : IDashboardJob
{
    public const string JobId = "provisioning-retry";
    public const string Actor = "system:provisioning-retry";
    private const int MaxPerRun = 200;

    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var settings = retryOptions.Value;
        var now = time.GetUtcNow();
        List<ErrorLogEntry> candidates;
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            candidates = await db.ErrorLog.AsNoTracking()
                .Where(e => e.IsTransient && e.Status != ErrorStatus.Resolved && e.ContributorId != null)
                .OrderBy(e => e.LastSeenAt)
                .Take(MaxPerRun)
                .ToListAsync(cancellationToken);
        }

        int retried = 0, succeeded = 0, stillFailing = 0, resolved = 0;
        foreach (var entry in candidates.Where(e => e.LastSeenAt + settings.Delay(e.Count) <= now))
        {
            var contributorId = entry.ContributorId!.Value;
            retried++;
            string outcome;
            try
            {
                var result = await provisioning.ProvisionAsync(contributorId, ProvisioningTrigger.SupportRetry, Actor, cancellationToken);
                if (result.Error is { IsTransient: true })
                {
                    stillFailing++;
                    continue;
                }

                succeeded += result.Succeeded ? 1 : 0;
                outcome = result.Error is null ? "succeeded" : $"now fails with {result.Error.Code}";
            }
            catch (KeyNotFoundException)
            {
                outcome = "contributor no longer exists";
            }

            await ResolveAsync(entry, outcome, cancellationToken);
            resolved++;
            LogResolved(logger, entry.Id, contributorId, outcome);
        }

        return $"retried {retried}: {succeeded} succeeded, {resolved} resolved, {stillFailing} still failing";
    }

    private async Task ResolveAsync(ErrorLogEntry entry, string outcome, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var now = time.GetUtcNow();
            // Only a group nobody touched since it was read: a newer failure keeps it open.
            var updated = await db.ErrorLog
                .Where(e => e.Id == entry.Id && e.Count == entry.Count && e.Status != ErrorStatus.Resolved)
                .ExecuteUpdateAsync(set => set.SetProperty(e => e.Status, ErrorStatus.Resolved), cancellationToken);
            if (updated == 1)
            {
                db.AuditEntries.Add(AuditLog.Create(Actor, AuditActions.ErrorResolvedByRetry, AuditLog.ContributorTarget,
                    entry.ContributorId!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    new { entry.Kind, entry.Count }, new { outcome }, now));
                await db.SaveChangesAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        });
    }

    [LoggerMessage(EventId = 5010, Level = LogLevel.Information, Message = "Provisioning retry resolved error {ErrorId} of contributor {ContributorId}: {Outcome}")]
    private static partial void LogResolved(ILogger logger, long errorId, int contributorId, string outcome);
}
