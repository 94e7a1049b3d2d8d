using ForwardEmail.Dashboard.Core.Domain;
using ForwardEmail.Dashboard.Core.Jobs;
using ForwardEmail.Dashboard.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ForwardEmail.Dashboard.IntegrationTests.Jobs;

/// <summary>The retry job over the real provisioning service and error log (default Jobs:Retry: 30 s, doubling).</summary>
public sealed class ProvisioningRetryJobTests
{
    [Fact]
    public async Task RunAsync_ProvisionsAgainAfterTheDelay_AndResolvesTheTransientError_WhenTheDirectoryIsBack()
    {
        await using var host = await StartAsync();
        var id = await host.AddContributorAsync("amira-h", "amira@example.org");
        host.Directory.Faults.FailNextRequests = int.MaxValue;
        Assert.Equal("directory-unavailable", (await host.ProvisionAsync(id)).Error?.Code);
        host.Directory.Faults.FailNextRequests = 0;

        var early = await RunAsync(host);
        host.Advance(TimeSpan.FromSeconds(30));
        var due = await RunAsync(host);
        host.Advance(TimeSpan.FromHours(1));
        var after = await RunAsync(host);

        Assert.Equal(("retried 0: 0 succeeded, 0 resolved, 0 still failing", "retried 1: 1 succeeded, 1 resolved, 0 still failing", "retried 0: 0 succeeded, 0 resolved, 0 still failing"),
            (early, due, after));
        Assert.Equal(["amira-h@ubuntu.com"], (await host.AliasesAsync()).Select(a => $"{a.Name}@{a.Domain!.Name}"));
        var error = Assert.Single(await host.ErrorLogAsync());
        Assert.Equal((ErrorStatus.Resolved, 1), (error.Status, error.Count));
        var audit = Assert.Single(await host.AuditAsync(), a => a.Action == "error.resolved-by-retry");
        Assert.Equal((ProvisioningRetryJob.Actor, "contributor", id.ToString(System.Globalization.CultureInfo.InvariantCulture)), (audit.Actor, audit.TargetType, audit.Target));
    }

    [Fact]
    public async Task RunAsync_WaitsTwiceAsLong_AfterEachFurtherTransientFailure()
    {
        await using var host = await StartAsync();
        var id = await host.AddContributorAsync("amira-h", "amira@example.org");
        host.Directory.Faults.FailNextRequests = int.MaxValue;
        await host.ProvisionAsync(id);

        host.Advance(TimeSpan.FromSeconds(30));
        var first = await RunAsync(host);
        host.Advance(TimeSpan.FromSeconds(59));
        var tooEarly = await RunAsync(host);
        host.Advance(TimeSpan.FromSeconds(1));
        var second = await RunAsync(host);

        Assert.Equal(("retried 1: 0 succeeded, 0 resolved, 1 still failing", "retried 0: 0 succeeded, 0 resolved, 0 still failing", "retried 1: 0 succeeded, 0 resolved, 1 still failing"),
            (first, tooEarly, second));
        var error = Assert.Single(await host.ErrorLogAsync());
        Assert.Equal((ErrorStatus.Open, 3, true), (error.Status, error.Count, error.IsTransient));
        Assert.Empty(await host.AliasesAsync());
    }

    [Fact]
    public async Task RunAsync_NeverRetriesAPermanentFailure()
    {
        await using var host = await StartAsync(d => d.UpdatePerson("amira-h", isCocSigner: false));
        var id = await host.AddContributorAsync("amira-h", "amira@example.org");
        Assert.Equal("coc-not-signed", (await host.ProvisionAsync(id)).Error?.Code);

        host.Advance(TimeSpan.FromDays(1));
        var result = await RunAsync(host);

        Assert.Equal("retried 0: 0 succeeded, 0 resolved, 0 still failing", result);
        var error = Assert.Single(await host.ErrorLogAsync());
        Assert.Equal((ErrorStatus.Open, 1), (error.Status, error.Count));
    }

    private static Task<ProvisioningTestHost> StartAsync(Action<Demo.Directory.DemoDirectoryData>? more = null) =>
        ProvisioningTestHost.StartAsync(d =>
        {
            d.AddPerson("amira-h");
            d.AddToTeam("amira-h", "ubuntumembers");
            more?.Invoke(d);
        },
        // The outage must not open the directory client's circuit breaker, which would outlast it in real time.
        new Dictionary<string, string?> { ["Directory:MinimumThroughput"] = "10000" });

    private static async Task<string> RunAsync(ProvisioningTestHost host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await ActivatorUtilities.CreateInstance<ProvisioningRetryJob>(scope.ServiceProvider).RunAsync(CancellationToken.None);
    }
}
