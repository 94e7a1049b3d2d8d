using Hangfire;
using Hangfire.Common;
using Microsoft.Extensions.Options;

namespace ForwardEmail.Dashboard.Core.Jobs;

/// <summary>
/// Hangfire's filters with its global <see cref="AutomaticRetryAttribute"/> (10 attempts, fixed curve) replaced by one built
/// from <c>Jobs:Retry</c>: a run that throws is retried after the configured, doubling and capped delays, then left failed.
/// Set as <c>BackgroundJobServerOptions.FilterProvider</c>; a job class with its own <c>[AutomaticRetry]</c> keeps it.
/// </summary>
public sealed class JobRetryFilterProvider : IJobFilterProvider
{
    private readonly IJobFilterProvider _inner;
    private readonly JobFilter _retry;

    public JobRetryFilterProvider(IOptions<JobRetryOptions> options)
        : this(options.Value, JobFilterProviders.Providers)
    {
    }

    public JobRetryFilterProvider(JobRetryOptions settings, IJobFilterProvider inner)
    {
        _inner = inner;
        Retry = new AutomaticRetryAttribute
        {
            Attempts = settings.Attempts,
            DelayInSecondsByAttemptFunc = attempt => (int)Math.Ceiling(settings.Delay((int)Math.Min(attempt, int.MaxValue)).TotalSeconds),
            OnAttemptsExceeded = AttemptsExceededAction.Fail,
        };
        _retry = new JobFilter(Retry, JobFilterScope.Global, order: null);
    }

    public AutomaticRetryAttribute Retry { get; }

    public IEnumerable<JobFilter> GetFilters(Job job)
    {
        var filters = _inner.GetFilters(job).ToList();
        var own = filters.Any(f => f.Instance is AutomaticRetryAttribute && f.Scope != JobFilterScope.Global);
        filters.RemoveAll(f => f.Instance is AutomaticRetryAttribute && (f.Scope == JobFilterScope.Global || !own));
        if (!own)
        {
            filters.Add(_retry);
        }

        return filters;
    }
}
