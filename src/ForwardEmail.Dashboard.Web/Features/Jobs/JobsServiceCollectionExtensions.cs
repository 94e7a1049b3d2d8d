using ForwardEmail.Dashboard.Core.Configuration;
using ForwardEmail.Dashboard.Core.Data;
using Hangfire;
using Hangfire.InMemory;
using Hangfire.SqlServer;

namespace ForwardEmail.Dashboard.Web.Features.Jobs;

public static class JobsServiceCollectionExtensions
{
    public static IHostApplicationBuilder AddDashboardJobs(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<JobsOptions>(JobsOptions.SectionName);
        var jobs = builder.Configuration.GetSection(JobsOptions.SectionName).Get<JobsOptions>() ?? new JobsOptions();

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

        if (jobs.RunServer)
        {
            builder.Services.AddHangfireServer(options =>
                // Hangfire throws on a non-positive count before option validation can name the key; validation still rejects it.
                options.WorkerCount = Math.Max(1, jobs.WorkerCount));
        }

        return builder;
    }
}
