using Hangfire;
using Hangfire.Common;
using Hangfire.AspNetCore;
using Hangfire.InMemory;
using Hangfire.Logging;
using Hangfire.Storage.Monitoring;
using ForwardEmail.Dashboard.Core.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace ForwardEmail.Dashboard.IntegrationTests.Jobs;

/// <summary>Test classes that touch Hangfire's process-wide state (log provider, filters) run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HangfireCollection
{
    public const string Name = "Hangfire";
}

/// <summary>Hangfire servers in the test process on one in-memory storage, activating jobs from a test host's services.</summary>
internal sealed class JobsTestServers : IDisposable
{
    private readonly List<BackgroundJobServer> _servers = [];

    public JobsTestServers(InMemoryStorage storage, IServiceProvider services, JobRetryOptions retry, int count)
    {
        Storage = storage;
        for (var i = 0; i < count; i++)
        {
            _servers.Add(new BackgroundJobServer(new BackgroundJobServerOptions
            {
                ServerName = $"test-server-{i}",
                WorkerCount = 1,
                Activator = new AspNetCoreJobActivator(services.GetRequiredService<IServiceScopeFactory>()),
                FilterProvider = new JobRetryFilterProvider(retry, JobFilterProviders.Providers),
                SchedulePollingInterval = TimeSpan.FromMilliseconds(200),
            }, storage));
        }
    }

    public InMemoryStorage Storage { get; }

    public static InMemoryStorage NewStorage() => new(new InMemoryStorageOptions());

    /// <summary>
    /// Hangfire's log provider is process-wide, and an app host that ran earlier left its (now disposed) logger factory
    /// there; every Hangfire object built afterwards would throw. Test classes call this in their constructor.
    /// </summary>
    public static void SilenceHangfireLogging() => LogProvider.SetCurrentLogProvider(new SilentLogProvider());

    public string Enqueue<TJob>()
        where TJob : IDashboardJob =>
        new BackgroundJobClient(Storage).Enqueue<TJob>(job => job.RunAsync(CancellationToken.None));

    /// <summary>Waits until the job's newest state is one of <paramref name="states"/>; returns its history, newest first.</summary>
    public async Task<IList<StateHistoryDto>> WaitForStateAsync(string jobId, params string[] states)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var details = Storage.GetMonitoringApi().JobDetails(jobId);
            if (details?.History is { Count: > 0 } history && states.Contains(history[0].StateName))
            {
                return history;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Job {jobId} is {details?.History?.FirstOrDefault()?.StateName ?? "unknown"}, not {string.Join(" or ", states)}.");
            }

            await Task.Delay(50);
        }
    }

    public async Task WaitForServersAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (Storage.GetMonitoringApi().Servers().Count < _servers.Count)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The Hangfire servers did not start.");
            }

            await Task.Delay(50);
        }
    }

    private sealed class SilentLogProvider : ILogProvider
    {
        public ILog GetLogger(string name) => new SilentLog();

        private sealed class SilentLog : ILog
        {
            public bool Log(LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
        }
    }

    public void Dispose()
    {
        foreach (var server in _servers)
        {
            server.SendStop();
        }

        foreach (var server in _servers)
        {
            server.Dispose();
        }
    }
}
