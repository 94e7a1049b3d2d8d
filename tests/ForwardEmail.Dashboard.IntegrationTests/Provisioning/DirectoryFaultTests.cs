using ForwardEmail.Dashboard.Core.Errors;
using ForwardEmail.Dashboard.Core.Provisioning;
using ForwardEmail.Dashboard.IntegrationTests.Infrastructure;
using ForwardEmail.Dashboard.Demo.Directory;

namespace ForwardEmail.Dashboard.IntegrationTests.Provisioning;

/// <summary>PRODUCT.md sections 4 and 5 as provisioning meets them: retries, outages, paging, 404/410, name syntax.</summary>
public sealed class DirectoryFaultTests
{
    [Fact]
    public async Task Two_503s_then_200_still_provisions()
    {
        await using var host = await ProvisioningTestHost.StartAsync(d =>
        {
            d.AddPerson("amira-h");
            d.AddToTeam("amira-h", "ubuntumembers");
        });
        var id = await host.AddContributorAsync("amira-h", "amira@example.org");
        host.Directory.Faults.FailNextRequests = 2;

        var result = await host.ProvisionAsync(id);

        Assert.Null(result.Error);
        Assert.Equal("amira-h", Assert.Single(await host.AliasesAsync()).Name);
        Assert.Empty(await host.ErrorLogAsync());
        // Six listings of one page each, plus the two failed attempts that were retried.
        Assert.Equal(8, host.Directory.Requests.Count);
    }

    [Fact]
    public async Task Directory_down_is_one_counted_error_emailed_to_the_team_once_per_window()
    {
        await using var host = await ProvisioningTestHost.StartAsync(d =>
        {
            d.AddPerson("amira-h");
            d.AddToTeam("amira-h", "ubuntumembers");
        });
        var id = await host.AddContributorAsync("amira-h", "amira@example.org", subject: "sub-amira");
        host.Directory.Faults.FailNextRequests = int.MaxValue;

        var first = await host.ProvisionAsync(id);
        host.Advance(TimeSpan.FromHours(1));
        var second = await host.ProvisionAsync(id);

        Assert.Equal(ProvisioningErrorKind.DirectoryUnavailable, first.Error!.Kind);
        Assert.True(first.Error.IsTransient);
        Assert.Equal(ProvisioningErrorKind.DirectoryUnavailable, second.Error!.Kind);
        var entry = Assert.Single(await host.ErrorLogAsync());
        Assert.Equal(("directory-unavailable", 2, true, ProvisioningTestHost.Start, ProvisioningTestHost.Start.AddHours(1), "sub-amira"),
            (entry.Kind, entry.Count, entry.IsTransient, entry.FirstSeenAt, entry.LastSeenAt, entry.Subject));
        var teamMail = Assert.Single(await host.OutboxAsync());
        Assert.Equal((ProvisioningTestHost.TeamAddress, "error-report"), (teamMail.To, teamMail.Kind));
        Assert.Contains("directory-unavailable", teamMail.Subject, StringComparison.Ordinal);
        Assert.Empty(await host.AliasesAsync());

        // Just inside the 24 h window: still one email. Past it: a second one.
        host.Advance(TimeSpan.FromHours(22));
        await host.ProvisionAsync(id);
        Assert.Single(await host.OutboxAsync());
        host.Advance(TimeSpan.FromHours(1));
        await host.ProvisionAsync(id);
        Assert.Equal(2, (await host.OutboxAsync()).Count(m => m.To == ProvisioningTestHost.TeamAddress));
        Assert.Equal(4, Assert.Single(await host.ErrorLogAsync()).Count);
    }

    [Fact]
    public async Task A_listing_over_three_pages_is_read_whole()
    {
        await using var host = await ProvisioningTestHost.StartAsync(d =>
        {
            foreach (var name in new[] { "pa", "pb", "pc", "pd", "pe" })
            {
                d.AddPerson(name);
                d.AddToTeam(name, "ubuntumembers");
            }
        }, new Dictionary<string, string?> { ["Directory:PageSize"] = "2" });
        var ids = new List<int>();
        foreach (var name in new[] { "pa", "pb", "pc", "pd", "pe" })
        {
            ids.Add(await host.AddContributorAsync(name, $"{name}@example.org"));
        }

        var stats = await host.ReconcileAsync();

        Assert.Equal((5, 5, 0), (stats.ContributorsProcessed, stats.Created, stats.Errors));
        Assert.Equal(["pa", "pb", "pc", "pd", "pe"], (await host.AliasesAsync()).Select(a => a.Name).Order().ToList());
        Assert.Equal(3, host.Directory.Requests.Paths.Count(p => p.Contains("~ubuntumembers/participants", StringComparison.Ordinal)));
        // Everyone was described by the listing: no person requests at all.
        Assert.Equal(3 + 5, host.Directory.Requests.Count);
    }

    [Fact]
    public async Task An_invalid_username_never_reaches_the_directory()
    {
        await using var host = await ProvisioningTestHost.StartAsync();
        var id = await host.AddContributorAsync("not_a name!", "x@example.org");

        var result = await host.ProvisionAsync(id);

        Assert.Equal(ProvisioningErrorKind.InvalidUser, result.Error!.Kind);
        Assert.Equal(("invalid-user", "user-record"), (Assert.Single(await host.ErrorLogAsync()).Kind, (await host.ErrorLogAsync())[0].Step));
        Assert.Equal(0, host.Directory.Requests.Count);
    }

    [Theory]
    [InlineData("not-an-email")]
    [InlineData("")]
    public async Task An_invalid_email_is_an_invalid_user(string email)
    {
        await using var host = await ProvisioningTestHost.StartAsync();
        var id = await host.AddContributorAsync("okname", email);

        var result = await host.ProvisionAsync(id);

        Assert.Equal(ProvisioningErrorKind.InvalidUser, result.Error!.Kind);
        Assert.Equal(0, host.Directory.Requests.Count);
    }

    [Fact]
    public async Task A_404_is_account_not_found()
    {
        await using var host = await ProvisioningTestHost.StartAsync();
        var id = await host.AddContributorAsync("nosuchuser", "n@example.org");

        var result = await host.ProvisionAsync(id);

        Assert.Equal(ProvisioningErrorKind.AccountNotFound, result.Error!.Kind);
        Assert.Equal("account-not-found", Assert.Single(await host.ErrorLogAsync()).Kind);
        Assert.Equal(1, host.Directory.Requests.Paths.Count(p => p.EndsWith("~nosuchuser", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_410_suspended_account_is_account_not_valid()
    {
        await using var host = await ProvisioningTestHost.StartAsync(d => d.AddPerson("suspended-one", state: DemoAccountState.Suspended));
        var id = await host.AddContributorAsync("suspended-one", "s@example.org");

        var result = await host.ProvisionAsync(id);

        Assert.Equal(ProvisioningErrorKind.AccountNotValid, result.Error!.Kind);
        Assert.Contains("410", result.Error.Detail, StringComparison.Ordinal);
        Assert.Equal("account-not-valid", Assert.Single(await host.ErrorLogAsync()).Kind);
    }
}
