using Hangfire;
using Hangfire.Common;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ForwardEmail.Dashboard.Core.Jobs;

/// <summary>Adds or updates every <see cref="RecurringJobDefinition"/> in Hangfire's storage at start, with its configured schedule (UTC).</summary>
internal sealed partial class RecurringJobRegistrar(
    IRecurringJobManager manager,
    IEnumerable<RecurringJobDefinition> definitions,
    IOptions<JobScheduleOptions> schedules,
    ILogger<RecurringJobRegistrar> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var definition in definitions)
        {
            var method = definition.JobType.GetMethod(nameof(IDashboardJob.RunAsync), [typeof(CancellationToken)])
                ?? throw new InvalidOperationException($"{definition.JobType} has no RunAsync(CancellationToken).");
            var cron = definition.Schedule(schedules.Value);
            // Hangfire replaces the CancellationToken argument with the run's own token.
            manager.AddOrUpdate(definition.Id, new Job(definition.JobType, method, CancellationToken.None), cron,
                new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
            LogRegistered(logger, definition.Id, cron);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 5020, Level = LogLevel.Information, Message = "Recurring job {JobId} scheduled at '{Cron}' (UTC)")]
    private static partial void LogRegistered(ILogger logger, string jobId, string cron);
}
