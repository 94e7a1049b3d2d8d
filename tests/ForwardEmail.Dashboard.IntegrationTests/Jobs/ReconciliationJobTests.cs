using ForwardEmail.Dashboard.Core.Jobs;
using ForwardEmail.Dashboard.IntegrationTests.Infrastructure;
using Hangfire;
using Hangfire.Common;
using Microsoft.Extensions.DependencyInjection;

namespace ForwardEmail.Dashboard.IntegrationTests.Jobs;

/// <summary>The reconciliation job run by real Hangfire servers on one in-memory storage, against the demo directory.</summary>
[Collection(HangfireCollection.Name)]
public sealed class ReconciliationJobTests
{
    public ReconciliationJobTests() => JobsTestServers.SilenceHangfireLogging();

    [Fact]
    public async Task TwoServersOnOneStorage_NeverRunTwoReconciliationsAtOnce()
    {
        var storage = JobsTestServers.NewStorage();
        await using var host = await ProvisioningTestHost.StartAsync(d =>
        {
            d.AddPerson("amira-h");
            d.AddToTeam("amira-h", "ubuntumembers");
        }, services: services => services.AddSingleton<JobStorage>(storage));
        await host.AddContributorAsync("amira-h", "amira@example.org");
        // Six listings, three at a time: each reconciliation takes well over a second.
        host.Directory.Faults.Latency = TimeSpan.FromMilliseconds(700);
        using var servers = new JobsTestServers(storage, host.Services, new JobRetryOptions(), count: 2);
        await servers.WaitForServersAsync();

        var first = servers.Enqueue<ReconciliationJob>();
        var second = servers.Enqueue<ReconciliationJob>();
        var results = new[]
        {
            (await servers.WaitForStateAsync(first, "Succeeded"))[0].Data["Result"],
            (await servers.WaitForStateAsync(second, "Succeeded"))[0].Data["Result"],
        };

        Assert.Equal(1, results.Count(r => r.Contains(ReconciliationJob.SkippedResult, StringComparison.Ordinal)));
        Assert.Equal(1, results.Count(r => r.Contains("ContributorsProcessed = 1", StringComparison.Ordinal)));
        Assert.Single(await host.AliasesAsync());
    }

    [Fact]
    public async Task AFailedRun_IsRetriedByHangfireAfterTheConfiguredDelay_WhenTheDirectoryIsDown()
    {
        var storage = JobsTestServers.NewStorage();
        await using var host = await ProvisioningTestHost.StartAsync(services: services => services.AddSingleton<JobStorage>(storage));
        host.Directory.Faults.FailNextRequests = int.MaxValue;
        using var servers = new JobsTestServers(storage, host.Services, new JobRetryOptions { Attempts = 3, BaseDelay = TimeSpan.FromSeconds(600) }, count: 1);

        var job = servers.Enqueue<ReconciliationJob>();
        var history = await servers.WaitForStateAsync(job, "Scheduled", "Failed");

        var scheduled = history[0];
        Assert.Equal("Scheduled", scheduled.StateName);
        // Hangfire stores both as Unix milliseconds.
        var delay = TimeSpan.FromMilliseconds(long.Parse(scheduled.Data["EnqueueAt"], System.Globalization.CultureInfo.InvariantCulture)
            - long.Parse(scheduled.Data["ScheduledAt"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(600, Math.Round(delay.TotalSeconds));
        Assert.Contains("Retry attempt 1 of 3", scheduled.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADirectoryAnswering503ForAWhile_TheRetriedJobCompletesLater_WithTheRightResult()
    {
        var storage = JobsTestServers.NewStorage();
        await using var host = await ProvisioningTestHost.StartAsync(
            d =>
            {
                d.AddPerson("amira-h");
                d.AddToTeam("amira-h", "ubuntumembers");
            },
            // The host's clock is fake and does not move, so an opened circuit breaker would never close again: keep it shut.
            new Dictionary<string, string?> { ["Directory:MinimumThroughput"] = "10000" },
            services: services => services.AddSingleton<JobStorage>(storage));
        await host.AddContributorAsync("amira-h", "amira@example.org");
        // More 503s than one run's in-call retries absorb (three listings at a time, four attempts each): the first run
        // fails, and Hangfire's retry finds the directory back.
        host.Directory.Faults.FailStatusCode = 503;
        host.Directory.Faults.FailNextRequests = 12;
        using var servers = new JobsTestServers(storage, host.Services, new JobRetryOptions { Attempts = 5, BaseDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(2) }, count: 1);

        var job = servers.Enqueue<ReconciliationJob>();
        var history = await servers.WaitForStateAsync(job, "Succeeded", "Failed");

        Assert.Equal("Succeeded", history[0].StateName);
        Assert.Contains(history, h => h.StateName == "Scheduled" && h.Reason?.Contains("Retry attempt 1", StringComparison.Ordinal) == true);
        Assert.Contains("ContributorsProcessed = 1", history[0].Data["Result"], StringComparison.Ordinal);
        var alias = Assert.Single(await host.AliasesAsync());
        Assert.Equal(("amira-h", "ubuntu.com", true), (alias.Name, alias.Domain!.Name, alias.IsEnabled));
        Assert.Equal(0, host.Directory.Faults.FailNextRequests);
    }

    [Fact]
    public void RetryDelays_DoubleFromTheBaseDelay_UpToTheCap()
    {
        var provider = new JobRetryFilterProvider(
            new JobRetryOptions { Attempts = 5, BaseDelay = TimeSpan.FromSeconds(30), MaxDelay = TimeSpan.FromMinutes(3) }, JobFilterProviders.Providers);

        Assert.Equal([30, 60, 120, 180, 180], Enumerable.Range(1, 5).Select(attempt => provider.Retry.DelayInSecondsByAttemptFunc(attempt)));
        Assert.Equal(5, provider.Retry.Attempts);
    }

    [Fact]
    public void TheConfiguredRetry_ReplacesHangfiresGlobalDefault()
    {
        var provider = new JobRetryFilterProvider(new JobRetryOptions { Attempts = 2 }, JobFilterProviders.Providers);
        var job = Job.FromExpression<OutboxDispatchJob>(j => j.RunAsync(CancellationToken.None));

        var retry = Assert.Single(provider.GetFilters(job), f => f.Instance is AutomaticRetryAttribute);

        Assert.Same(provider.Retry, retry.Instance);
    }
}
