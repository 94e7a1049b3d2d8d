using ForwardEmail.Dashboard.Core.Live;
using Hangfire.Common;
using Hangfire.States;
using Hangfire.Storage;

namespace ForwardEmail.Dashboard.Core.Jobs;

/// <summary>
/// Publishes every state a background job enters (enqueued, scheduled, processing, succeeded, failed, deleted) as a
/// <see cref="DashboardChangeKind.Job"/> change, so the jobs page and a pending "Retry now" update on their own. Hangfire calls it
/// inside the state transaction, just before the commit; pages re-read the state from the storage when told.
/// </summary>
public sealed class JobStateChangePublisher(IDashboardChangeNotifier changes) : IApplyStateFilter
{
    public void OnStateApplied(ApplyStateContext context, IWriteOnlyTransaction transaction) => changes.JobChanged(context.BackgroundJob.Id);

    public void OnStateUnapplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
    {
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
