using ForwardEmail.Dashboard.Core.Configuration;
using ForwardEmail.Dashboard.Core.Data;
using ForwardEmail.Dashboard.Core.Jobs;
using Hangfire;
using Hangfire.InMemory;
using Hangfire.SqlServer;

namespace ForwardEmail.Dashboard.Web.Features.Jobs;

public static class JobsServiceCollectionExtensions
{
    /// <summary>
    /// Hangfire on the configured storage, the recurring jobs of <see cref="RecurringJobsServiceCollectionExtensions.AddDashboardRecurringJobs"/>
    /// and, unless <c>Jobs:RunServer</c> is off, a server in this process whose failed runs are retried as <c>Jobs:Retry</c> says.
    /// </summary>
    public static IHostApplicationBuilder AddDashboardJobs(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<JobsOptions>(JobsOptions.SectionName);
        var jobs = builder.Configuration.GetSection(JobsOptions.SectionName).Get<JobsOptions>() ?? new JobsOptions();

        // Before AddHangfire, which only adds its default when none is registered: clients (enqueue, requeue, delete) and the server
        // apply the retry policy and publish every state change to open pages.
        builder.Services.AddSingleton<Hangfire.Common.IJobFilterProvider>(services => services.GetRequiredService<DashboardJobFilterProvider>());
        builder.Services.AddHangfire((services, configuration) =>
        {
            configuration.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();

            if (jobs.Storage == JobStorageKind.SqlServer)
            {
                var connectionString = string.IsNullOrWhiteSpace(jobs.ConnectionString)
                    ? services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DatabaseOptions>>().Value.ConnectionString
                    : jobs.ConnectionString;
                configuration.UseSqlServerStorage(connectionString, new SqlServerStorageOptions { PrepareSchemaIfNecessary = true });
            }
            else
            {
                configuration.UseInMemoryStorage(new InMemoryStorageOptions());
            }
        });

        builder.AddDashboardRecurringJobs();

        if (jobs.RunServer)
        {
            builder.Services.AddHangfireServer((services, options) =>
            {
                // Hangfire throws on a non-positive count before option validation can name the key; validation still rejects it.
                options.WorkerCount = Math.Max(1, jobs.WorkerCount);
                options.FilterProvider = services.GetRequiredService<DashboardJobFilterProvider>();
            });
        }

        return builder;
    }
}
