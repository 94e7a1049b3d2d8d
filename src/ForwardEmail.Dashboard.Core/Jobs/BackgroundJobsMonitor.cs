using ForwardEmail.Dashboard.Core.Audit;
using ForwardEmail.Dashboard.Core.Data;
using Hangfire;
using Hangfire.Storage;
using Hangfire.Storage.Monitoring;
using Microsoft.EntityFrameworkCore;

namespace ForwardEmail.Dashboard.Core.Jobs;

/// <summary>A recurring job's schedule (cron, UTC) and its last and next run.</summary>
public sealed record RecurringJobView(string Id, string Cron, DateTime? LastRun, string? LastState, DateTime? NextRun, string? Error);

/// <summary>One background job in a state list. <paramref name="At"/>: when it entered the state (for scheduled: when it runs).</summary>
public sealed record JobView(string Id, string Name, DateTime? At, string? Detail);

/// <summary>What the jobs page shows: counts per state and the newest jobs of each.</summary>
public sealed record JobsOverview(
    IReadOnlyList<RecurringJobView> Recurring,
    long EnqueuedCount,
    long ScheduledCount,
    long ProcessingCount,
    long FailedCount,
    long SucceededCount,
    IReadOnlyList<JobView> Enqueued,
    IReadOnlyList<JobView> Scheduled,
    IReadOnlyList<JobView> Processing,
    IReadOnlyList<JobView> Failed,
    IReadOnlyList<JobView> Succeeded);

public enum JobActionOutcome
{
    Done,
    NotAllowed,
    NotFound,
}

/// <summary>
/// The jobs page over Hangfire's monitoring API, and the admin actions on it (trigger a recurring job now, requeue or delete a
/// job), each audited. Callers check the actor's role: support reads, admins act.
/// </summary>
public sealed class BackgroundJobsMonitor(
    JobStorage storage,
    IRecurringJobManager recurringJobs,
    IBackgroundJobClient jobs,
    IDbContextFactory<DashboardDbContext> contextFactory,
    TimeProvider time)
{
    public const int ListSize = 20;

    public JobsOverview Overview()
    {
        var monitoring = storage.GetMonitoringApi();
        var statistics = monitoring.GetStatistics();
        List<RecurringJobDto> recurring;
        using (var connection = storage.GetConnection())
        {
            recurring = connection.GetRecurringJobs();
        }

        var enqueued = monitoring.Queues()
            .SelectMany(q => monitoring.EnqueuedJobs(q.Name, 0, ListSize))
            .Select(j => new JobView(j.Key, Name(j.Value.Job), j.Value.EnqueuedAt, null))
            .OrderByDescending(j => j.At).Take(ListSize).ToList();
        return new JobsOverview(
            [.. recurring.OrderBy(r => r.Id, StringComparer.Ordinal).Select(r => new RecurringJobView(r.Id, r.Cron, r.LastExecution, r.LastJobState, r.NextExecution, r.Error))],
            statistics.Enqueued, statistics.Scheduled, statistics.Processing, statistics.Failed, statistics.Succeeded,
            enqueued,
            [.. monitoring.ScheduledJobs(0, ListSize).Select(j => new JobView(j.Key, Name(j.Value.Job), j.Value.EnqueueAt, null))],
            [.. monitoring.ProcessingJobs(0, ListSize).Select(j => new JobView(j.Key, Name(j.Value.Job), j.Value.StartedAt, j.Value.ServerId))],
            [.. monitoring.FailedJobs(0, ListSize).Select(j => new JobView(j.Key, Name(j.Value.Job), j.Value.FailedAt, j.Value.ExceptionMessage ?? j.Value.Reason))],
            [.. monitoring.SucceededJobs(0, ListSize).Select(j => new JobView(j.Key, Name(j.Value.Job), j.Value.SucceededAt, j.Value.Result as string ?? j.Value.Result?.ToString()))]);
    }

    /// <summary>The current state name of one job (<c>Enqueued</c>, <c>Processing</c>, <c>Succeeded</c>, …), null when unknown.</summary>
    public string? StateOf(string jobId)
    {
        using var connection = storage.GetConnection();
        return connection.GetStateData(jobId)?.Name;
    }

    public static bool IsFinal(string? state) => state is "Succeeded" or "Failed" or "Deleted";

    public async Task<JobActionOutcome> TriggerAsync(string recurringJobId, string actor, CancellationToken cancellationToken)
    {
        using (var connection = storage.GetConnection())
        {
            if (connection.GetRecurringJobs([recurringJobId]).All(r => r.Job is null && r.Cron is null))
            {
                return JobActionOutcome.NotFound;
            }
        }

        recurringJobs.Trigger(recurringJobId);
        await AuditAsync(actor, AuditActions.JobTriggered, recurringJobId, cancellationToken);
        return JobActionOutcome.Done;
    }

    public Task<JobActionOutcome> RequeueAsync(string jobId, string actor, CancellationToken cancellationToken) =>
        ActAsync(jobId, AuditActions.JobRequeued, actor, () => jobs.Requeue(jobId), cancellationToken);

    public Task<JobActionOutcome> DeleteAsync(string jobId, string actor, CancellationToken cancellationToken) =>
        ActAsync(jobId, AuditActions.JobDeleted, actor, () => jobs.Delete(jobId), cancellationToken);

    private async Task<JobActionOutcome> ActAsync(string jobId, string action, string actor, Func<bool> change, CancellationToken cancellationToken)
    {
        if (StateOf(jobId) is null || !change())
        {
            return JobActionOutcome.NotFound;
        }

        await AuditAsync(actor, action, jobId, cancellationToken);
        return JobActionOutcome.Done;
    }

    /// <summary>Hangfire's storage is not the dashboard's database: the audit row follows the change that Hangfire made.</summary>
    private async Task AuditAsync(string actor, string action, string target, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await db.InTransactionAsync(_ =>
        {
            db.AuditEntries.Add(AuditLog.Create(actor, action, AuditLog.JobTarget, target, null, null, time.GetUtcNow()));
            return Task.FromResult(true);
        }, cancellationToken);
    }

    private static string Name(Hangfire.Common.Job? job) => job is null ? "?" : $"{job.Type.Name}.{job.Method.Name}";
}
