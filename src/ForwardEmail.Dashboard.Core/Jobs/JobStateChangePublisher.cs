using ForwardEmail.Dashboard.Core.Live;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Hangfire.Storage;

namespace ForwardEmail.Dashboard.Core.Jobs;

/// <summary>
/// Publishes every state a background job enters (enqueued, scheduled, processing, succeeded, failed, deleted) as a
/// <see cref="DashboardChangeKind.Job"/> change, so the jobs page and a pending "Retry now" update on their own. Pages re-read
/// the state from the storage when told, but Hangfire calls the filter inside its state transaction, before the commit: told
/// then, another session's page re-read the old state and stayed on it. So the change is published once the storage shows
/// the job past its old state (or after <see cref="CommitWait"/>, whatever the storage says).
/// </summary>
public sealed class JobStateChangePublisher(IDashboardChangeNotifier changes) : IApplyStateFilter
{
    /// <summary>How long a publication waits for the state transaction to commit.</summary>
    public static readonly TimeSpan CommitWait = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);

    public void OnStateApplied(ApplyStateContext context, IWriteOnlyTransaction transaction) =>
        _ = PublishOnceCommittedAsync(context.Storage, context.BackgroundJob.Id, context.OldStateName, context.NewState.Name);

    public void OnStateUnapplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
    {
    }

    private async Task PublishOnceCommittedAsync(JobStorage storage, string jobId, string? oldState, string newState)
    {
        try
        {
            // Off the state-changing thread: the transaction commits after this filter returns.
            await Task.Yield();
            using var connection = storage.GetConnection();
            for (var waited = TimeSpan.Zero; waited < CommitWait; waited += PollInterval)
            {
                var current = connection.GetStateData(jobId)?.Name;
                var committed = current is null
                    ? oldState is not null // a job that had a state and has none now is gone; a new one is not committed yet
                    : string.Equals(current, newState, StringComparison.OrdinalIgnoreCase)
                      || !string.Equals(current, oldState, StringComparison.OrdinalIgnoreCase);
                if (committed)
                {
                    break;
                }

                await Task.Delay(PollInterval);
            }
        }
#pragma warning disable CA1031 // A storage that cannot be read must not lose the change: pages re-read whatever there is.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
        finally
        {
            changes.JobChanged(jobId);
        }
    }
}

/// <summary>
/// The filters every Hangfire client and server of the dashboard uses: <see cref="JobRetryFilterProvider"/>'s (the <c>Jobs:Retry</c>
/// policy) plus <see cref="JobStateChangePublisher"/>. Registered as the DI <see cref="IJobFilterProvider"/> and the server's.
/// </summary>
public sealed class DashboardJobFilterProvider(JobRetryFilterProvider retry, JobStateChangePublisher publisher) : IJobFilterProvider
{
    private readonly JobFilter _publisher = new(publisher, JobFilterScope.Global, order: null);

    public IEnumerable<JobFilter> GetFilters(Job job) => retry.GetFilters(job).Append(_publisher);
}
