namespace ForwardEmail.Dashboard.Core.Jobs;

/// <summary>
/// A recurring background job: a thin class around a Core service, resolved from DI by Hangfire for each run.
/// It returns a one-line summary (shown in the Hangfire dashboard), handles expected failures as values and lets
/// transient faults throw, so <see cref="JobRetryFilterProvider"/> retries them.
/// </summary>
public interface IDashboardJob
{
    /// <summary>Hangfire passes its own token, cancelled when the server shuts down.</summary>
    Task<string> RunAsync(CancellationToken cancellationToken);
}

/// <summary>One recurring job: its stable Hangfire id, its class and which option holds its cron schedule.</summary>
public sealed record RecurringJobDefinition(string Id, Type JobType, Func<JobScheduleOptions, string> Schedule);
