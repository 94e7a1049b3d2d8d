using System.Globalization;
using System.Security.Claims;
using ForwardEmail.Dashboard.Core.Data;
using ForwardEmail.Dashboard.Demo.Directory;
using ForwardEmail.Dashboard.IntegrationTests.Infrastructure;
using ForwardEmail.Dashboard.Web.Features.Auth;
using ForwardEmail.Dashboard.Web.Features.Domains;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ForwardEmail.Dashboard.IntegrationTests.Domains;

/// <summary>The team of a domain is checked in the directory, over real HTTP against the demo Launchpad server.</summary>
public sealed class TeamMappingTests : IAsyncLifetime
{
    private DemoDirectoryServer _directory = default!;
    private DashboardAppFactory _app = default!;

    public async Task InitializeAsync()
    {
        var data = DemoDirectoryData.Empty();
        data.AddTeam("ubuntumembers");
        data.AddTeam("kubuntu-members");
        data.AddPerson("amira-h");
        _directory = await DemoDirectoryServer.StartAsync(data);
        _app = new DashboardAppFactory(new Dictionary<string, string?>
        {
            ["Directory:BaseUrl"] = _directory.BaseUrl.AbsoluteUri,
            ["Authorization:BootstrapAdmins:0"] = "ada-admin",
            ["Directory:RetryBaseDelay"] = "00:00:00",
        });
        _app.CreateClient().Dispose();
    }

    private static ClaimsPrincipal Admin() => new(new ClaimsIdentity(
        [
            new Claim(DashboardClaimTypes.Subject, "sub-ada"),
            new Claim(DashboardClaimTypes.Username, "ada-admin"),
            new Claim(DashboardClaimTypes.SessionStartedAt, DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
        ], "test"));

    private async Task<DomainChangeOutcome> SetTeamAsync(string team)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<DomainAdministrationService>();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        var id = await db.Domains.Where(d => d.Name == "ubuntu.net").Select(d => d.Id).SingleAsync();
        return await service.SetTeamAsync(Admin(), id, team, CancellationToken.None);
    }

    private async Task<string?> TeamAsync()
    {
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        return await db.TeamMappings.Where(t => t.Domain!.Name == "ubuntu.net").Select(t => t.TeamName).SingleAsync();
    }

    [Fact]
    public async Task ATeamTheDirectoryKnows_IsMapped()
    {
        Assert.Equal(DomainChangeOutcome.Saved, await SetTeamAsync("~Kubuntu-Members"));
        Assert.Equal("kubuntu-members", await TeamAsync());
        Assert.Contains(_directory.Requests.Paths, p => p.EndsWith("/~kubuntu-members", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("no-such-team", DomainChangeOutcome.UnknownTeam)]
    [InlineData("amira-h", DomainChangeOutcome.NotATeam)]
    [InlineData("Bad_Name", DomainChangeOutcome.InvalidTeam)]
    public async Task AnythingElse_IsRefused_AndTheMappingStays(string team, DomainChangeOutcome expected)
    {
        Assert.Equal(expected, await SetTeamAsync(team));
        Assert.Equal("ubuntu-smtp-test", await TeamAsync());
    }

    [Fact]
    public async Task ADirectoryThatIsDown_ChangesNothing()
    {
        _directory.Faults.FailStatusCode = 503;
        _directory.Faults.FailNextRequests = 100;

        Assert.Equal(DomainChangeOutcome.DirectoryUnavailable, await SetTeamAsync("kubuntu-members"));
        Assert.Equal("ubuntu-smtp-test", await TeamAsync());
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _directory.DisposeAsync();
    }
}
