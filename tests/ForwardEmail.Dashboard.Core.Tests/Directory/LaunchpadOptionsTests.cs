using System.Net.Http.Headers;
using ForwardEmail.Dashboard.Core.Directory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ForwardEmail.Dashboard.Core.Tests.DirectoryClient;

public sealed class LaunchpadOptionsTests
{
    [Theory]
    [InlineData("Directory:PageSize", "500")]
    [InlineData("Directory:PageSize", "0")]
    [InlineData("Directory:BaseUrl", "ftp://api.launchpad.net/1.0/")]
    [InlineData("Directory:BaseUrl", "api.launchpad.net/1.0/")]
    [InlineData("Directory:MaxConcurrency", "0")]
    [InlineData("Directory:AttemptTimeout", "00:00:00")]
    public async Task StartAsync_FailsValidation_NamingTheKey(string key, string value)
    {
        using var host = BuildHost(new() { [key] = value });

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains(key, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_FailsValidation_WhenTotalTimeoutIsShorterThanAnAttempt()
    {
        using var host = BuildHost(new() { ["Directory:AttemptTimeout"] = "00:00:20", ["Directory:TotalTimeout"] = "00:00:10" });

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("Directory:TotalTimeout", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Defaults_AreValid_AndPointAtProductionLaunchpad()
    {
        using var host = BuildHost([]);
        await host.StartAsync();

        var options = host.Services.GetRequiredService<IOptions<LaunchpadOptions>>().Value;
        Assert.Equal(new Uri("https://api.launchpad.net/1.0/"), options.BaseUrl);
        Assert.Equal(300, options.PageSize);
        Assert.Equal(TimeSpan.FromSeconds(10), options.AttemptTimeout);
        Assert.Equal(TimeSpan.FromHours(1), options.MembershipMaxAge);
        Assert.Equal(3, options.MaxConcurrency);
        await host.StopAsync();
    }

    [Fact]
    public void NormalizedBaseUrl_AddsTheTrailingSlash()
    {
        var options = new LaunchpadOptions { BaseUrl = new Uri("http://127.0.0.1:5000/demo/1.0") };

        Assert.Equal("http://127.0.0.1:5000/demo/1.0/", options.NormalizedBaseUrl.AbsoluteUri);
    }

    [Theory]
    [InlineData(900, 30)]
    [InlineData(2, 2)]
    public void RetryAfter_HonoursTheHeader_UpToTheCap(int seconds, int expected)
    {
        using var response = new HttpResponseMessage(System.Net.HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(seconds));

        Assert.Equal(TimeSpan.FromSeconds(expected), DirectoryServiceCollectionExtensions.RetryAfter(response, TimeSpan.FromSeconds(30), TimeProvider.System));
    }

    [Fact]
    public void RetryAfter_ReadsAnHttpDate_AgainstTheClock()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
        using var response = new HttpResponseMessage(System.Net.HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter = new RetryConditionHeaderValue(time.GetUtcNow().AddSeconds(7));

        Assert.Equal(TimeSpan.FromSeconds(7), DirectoryServiceCollectionExtensions.RetryAfter(response, TimeSpan.FromSeconds(30), time));
    }

    [Fact]
    public void RetryAfter_ReturnsNull_WithoutTheHeader_SoTheBackoffDecides()
    {
        using var response = new HttpResponseMessage(System.Net.HttpStatusCode.ServiceUnavailable);

        Assert.Null(DirectoryServiceCollectionExtensions.RetryAfter(response, TimeSpan.FromSeconds(30), TimeProvider.System));
    }

    private static IHost BuildHost(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddDirectoryClient();
        return builder.Build();
    }
}
