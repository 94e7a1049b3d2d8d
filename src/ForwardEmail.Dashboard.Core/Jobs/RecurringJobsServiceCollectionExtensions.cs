using ForwardEmail.Dashboard.Core.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace ForwardEmail.Dashboard.Core.Jobs;

public static class RecurringJobsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the recurring jobs (reconciliation, outbox dispatch, provisioning retry, DNS re-check), their validated schedules
    /// (<c>Jobs:Schedule</c>) and retry policy (<c>Jobs:Retry</c>, see <see cref="JobRetryFilterProvider"/>), and the
    /// start-up registration in Hangfire. Needs Hangfire (<c>AddHangfire</c>), <c>AddProvisioning()</c>, <c>AddOutboxMail()</c> and <c>AddDomainChecks()</c>.
    /// </summary>
    public static IHostApplicationBuilder AddDashboardRecurringJobs(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<JobScheduleOptions>(JobScheduleOptions.SectionName);
        services.AddValidatedOptions<JobRetryOptions>(JobRetryOptions.SectionName);
        services.TryAddSingleton<JobRetryFilterProvider>();
        services.TryAddSingleton<JobStateChangePublisher>();
        services.TryAddSingleton<DashboardJobFilterProvider>();
        services.TryAddScoped<ProvisionContributorJob>();
        services.TryAddScoped<BackgroundJobsMonitor>();
        services.AddHostedService<RecurringJobRegistrar>();

        services.AddRecurringJob<ReconciliationJob>(ReconciliationJob.JobId, schedule => schedule.Reconciliation);
        services.AddRecurringJob<OutboxDispatchJob>(OutboxDispatchJob.JobId, schedule => schedule.OutboxDispatch);
        services.AddRecurringJob<ProvisioningRetryJob>(ProvisioningRetryJob.JobId, schedule => schedule.ProvisioningRetry);
        services.AddRecurringJob<DnsRecheckJob>(DnsRecheckJob.JobId, schedule => schedule.DnsRecheck);
        return builder;
    }

    /// <summary>
    /// The registration point for recurring jobs: add the cron to <see cref="JobScheduleOptions"/>, then
    /// <c>services.AddRecurringJob&lt;TJob&gt;(id, s =&gt; s.TheCron)</c>. The job is resolved per run
    /// from a fresh DI scope, scheduled under <paramref name="id"/> and retried by <c>Jobs:Retry</c> when it throws.
    /// </summary>
    public static IServiceCollection AddRecurringJob<TJob>(this IServiceCollection services, string id, Func<JobScheduleOptions, string> schedule)
        where TJob : class, IDashboardJob
    {
        services.TryAddScoped<TJob>();
        services.AddSingleton(new RecurringJobDefinition(id, typeof(TJob), schedule));
        return services;
    }
}
