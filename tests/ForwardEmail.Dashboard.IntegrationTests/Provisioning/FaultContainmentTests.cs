using ForwardEmail.Dashboard.Core.Directory;
using ForwardEmail.Dashboard.Core.Errors;
using ForwardEmail.Dashboard.Demo.Directory;
using ForwardEmail.Dashboard.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ForwardEmail.Dashboard.IntegrationTests.Provisioning;

/// <summary>
/// PRODUCT.md section 5, "a fault is contained to what it concerns": a malformed listing entry concerns one person, a listing
/// whose paging is broken (or a team mapping that is not a Launchpad name) one domain, and a failing person request never
/// leaves the run waiting. Against the demo directory over HTTP, with listings of several pages.
/// </summary>
public sealed class FaultContainmentTests
{
    private static readonly string[] UbuntuPeople = ["ua", "ub", "uc", "ud", "ue"];
    private static readonly string[] KubuntuPeople = ["ka", "kb", "kc"];

    private static readonly Dictionary<string, string?> SmallPages = new()
    {
        ["Directory:PageSize"] = "2",
        // One removal in three on kubuntu.org must pass the circuit breaker here.
        ["Provisioning:RemovalCircuitBreakerShare"] = "0.5",
    };

    [Theory]
    [InlineData("is_valid", "\"yes\"")]
    [InlineData("is_valid", "null")]
    [InlineData("is_ubuntu_coc_signer", null)]
    public async Task A_malformed_listing_entry_is_an_invalid_directory_response_for_that_person_only(string field, string? value)
    {
        await using var host = await StartTwoTeamsAsync();
        await host.ReconcileAsync();
        Assert.Equal(8, (await host.AliasesAsync()).Count);

        // uc has aliases and a corrupted entry; un is new and corrupted; ua left; un2 joined; ub changed email.
        host.Directory.Faults.CorruptEntry("uc", field, value);
        host.Directory.Faults.CorruptEntry("un", field, value);
        host.Directory.Data.AddPerson("un");
        host.Directory.Data.AddToTeam("un", "ubuntumembers");
        host.Directory.Data.AddPerson("un2");
        host.Directory.Data.AddToTeam("un2", "ubuntumembers");
        host.Directory.Data.RemoveFromTeam("ud", "ubuntumembers");
        await host.AddContributorAsync("un", "un@example.org");
        await host.AddContributorAsync("un2", "un2@example.org");
        await host.WithDbAsync(async db =>
        {
            var ub = await db.Contributors.SingleAsync(c => c.Username == "ub");
            ub.Email = "ub-new@example.org";
            await db.SaveChangesAsync();
        });

        var stats = await host.ReconcileAsync();

        Assert.Equal((10, 1, 1, 1, 2, 0), (stats.ContributorsProcessed, stats.Created, stats.Updated, stats.PendingRemoval, stats.Errors, stats.HeldDomains));
        var aliases = await host.AliasesAsync();
        var uc = Assert.Single(aliases, a => a.Name == "uc");
        Assert.Equal((true, (DateTimeOffset?)null, "uc@example.org"), (uc.IsEnabled, uc.IneligibleSince, uc.Recipients.Single()));
        Assert.DoesNotContain(aliases, a => a.Name == "un");
        Assert.Contains(aliases, a => a.Name == "un2" && a.IsEnabled);
        Assert.Equal("ub-new@example.org", Assert.Single(aliases, a => a.Name == "ub").Recipients.Single());
        Assert.NotNull(Assert.Single(aliases, a => a.Name == "ud").IneligibleSince);
        var errors = await host.ErrorLogAsync();
        Assert.Equal(["uc", "un"], errors.Where(e => e.Kind == "invalid-directory-response").Select(e => e.Username).Order().ToList());
        Assert.All(errors.Where(e => e.Kind == "invalid-directory-response"), e => Assert.Contains(field, e.Message, StringComparison.Ordinal));

        // Long past the grace period, the malformed entry still neither starts nor finishes a removal.
        host.Advance(TimeSpan.FromDays(30));
        await host.ReconcileAsync();
        uc = Assert.Single(await host.AliasesAsync(), a => a.Name == "uc");
        Assert.Equal((true, (DateTimeOffset?)null), (uc.IsEnabled, uc.IneligibleSince));
        Assert.False(Assert.Single(await host.AliasesAsync(), a => a.Name == "ud").IsEnabled);
    }

    [Theory]
    [InlineData(DemoPagingFault.RepeatedNextLink, "repeats a page")]
    [InlineData(DemoPagingFault.ForeignHostNextLink, "points outside")]
    [InlineData(DemoPagingFault.RunawayPages, "runs past")]
    public async Task A_listing_with_broken_paging_holds_its_domain_only(DemoPagingFault fault, string reason)
    {
        await using var host = await StartTwoTeamsAsync();
        await host.ReconcileAsync();
        ChangeBothTeams(host);
        await host.AddContributorAsync("un", "un@example.org");
        await host.AddContributorAsync("kn", "kn@example.org");
        host.Directory.Faults.BreakPaging("ubuntumembers", fault);

        var stats = await host.ReconcileAsync();

        await AssertUbuntuHeldAndKubuntuReconciledAsync(host, stats, reason);
        Assert.Contains(host.Directory.Requests.Paths, p => p.Contains("~ubuntumembers/participants", StringComparison.Ordinal) && p.Contains("memo=2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_team_mapping_that_is_not_a_launchpad_name_holds_its_domain_only()
    {
        await using var host = await StartTwoTeamsAsync();
        await host.ReconcileAsync();
        ChangeBothTeams(host);
        await host.AddContributorAsync("un", "un@example.org");
        await host.AddContributorAsync("kn", "kn@example.org");
        await host.WithDbAsync(async db =>
        {
            var mapping = await db.TeamMappings.SingleAsync(m => m.Domain!.Name == "ubuntu.com");
            mapping.TeamName = "Ubuntu_Members";
            await db.SaveChangesAsync();
        });

        var stats = await host.ReconcileAsync();

        await AssertUbuntuHeldAndKubuntuReconciledAsync(host, stats, "not a valid Launchpad name");
        Assert.DoesNotContain(host.Directory.Requests.Paths, p => p.Contains("ubuntu_members", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_held_domain_tells_its_admins_and_the_team_once_per_dedupe_window()
    {
        await using var host = await StartTwoTeamsAsync();
        host.Directory.Faults.BreakPaging("ubuntumembers", DemoPagingFault.RepeatedNextLink);

        await host.ReconcileAsync();
        host.Advance(TimeSpan.FromHours(1));
        await host.ReconcileAsync();

        var entry = Assert.Single(await host.ErrorLogAsync(), e => e.Kind == "invalid-directory-response");
        Assert.Equal(2, entry.Count);
        var outbox = await host.OutboxAsync();
        Assert.Single(outbox, m => m.Kind == "team-listing-fault");
        Assert.Single(outbox, m => m.Kind == "error-report");
    }

    [Fact]
    public async Task A_person_request_that_hangs_ends_within_the_timeouts_as_that_persons_error()
    {
        await using var host = await StartTwoTeamsAsync(new Dictionary<string, string?>
        {
            ["Directory:AttemptTimeout"] = "00:00:00.500",
            ["Directory:TotalTimeout"] = "00:00:02",
            ["Directory:MaxRetryAttempts"] = "1",
        });
        host.Directory.Data.AddPerson("loner");
        await host.AddContributorAsync("loner", "loner@example.org");
        host.Directory.Faults.HangRequestsFor("loner");

        // The resilience timeouts run on the host's fake clock: once loner's request hangs, move it on as real time would.
        var run = host.ReconcileAsync();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!run.IsCompleted && DateTime.UtcNow < deadline)
        {
            if (host.Directory.Requests.Paths.Any(p => p.EndsWith("/~loner", StringComparison.Ordinal)))
            {
                host.Advance(TimeSpan.FromMilliseconds(250));
            }

            await Task.Delay(20);
        }

        var stats = await run.WaitAsync(TimeSpan.FromSeconds(1));

        Assert.Equal((9, 8, 1), (stats.ContributorsProcessed, stats.Created, stats.Errors));
        Assert.Equal("directory-unavailable", Assert.Single(await host.ErrorLogAsync()).Kind);
    }

    [Fact]
    public async Task A_person_request_that_throws_anything_ends_the_run_with_that_error()
    {
        await using var host = await StartTwoTeamsAsync(services: services => ThrowingDirectoryClient.Decorate(services, "loner"));
        host.Directory.Data.AddPerson("loner");
        // Enough contributors after the failing one that the run would wait on them if the prefetch hung.
        await host.AddContributorAsync("loner", "loner@example.org");
        for (var i = 0; i < 20; i++)
        {
            await host.AddContributorAsync($"nobody{i}", $"nobody{i}@example.org");
        }

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => host.ReconcileAsync().WaitAsync(TimeSpan.FromSeconds(60)));

        Assert.Contains("loner", failure.Message, StringComparison.Ordinal);
    }

    private static async Task<ProvisioningTestHost> StartTwoTeamsAsync(
        Dictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var all = new Dictionary<string, string?>(SmallPages);
        foreach (var (key, value) in settings ?? [])
        {
            all[key] = value;
        }

        var host = await ProvisioningTestHost.StartAsync(d =>
        {
            foreach (var name in UbuntuPeople)
            {
                d.AddPerson(name);
                d.AddToTeam(name, "ubuntumembers");
            }

            foreach (var name in KubuntuPeople)
            {
                d.AddPerson(name);
                d.AddToTeam(name, "kubuntu-members");
            }
        }, all, services);
        foreach (var name in UbuntuPeople.Concat(KubuntuPeople))
        {
            await host.AddContributorAsync(name, $"{name}@example.org");
        }

        return host;
    }

    /// <summary>ua leaves and un joins ~ubuntumembers; kc leaves and kn joins ~kubuntu-members.</summary>
    private static void ChangeBothTeams(ProvisioningTestHost host)
    {
        host.Directory.Data.RemoveFromTeam("ua", "ubuntumembers");
        host.Directory.Data.AddPerson("un");
        host.Directory.Data.AddToTeam("un", "ubuntumembers");
        host.Directory.Data.RemoveFromTeam("kc", "kubuntu-members");
        host.Directory.Data.AddPerson("kn");
        host.Directory.Data.AddToTeam("kn", "kubuntu-members");
    }

    private static async Task AssertUbuntuHeldAndKubuntuReconciledAsync(ProvisioningTestHost host, Core.Provisioning.ReconciliationStats stats, string reason)
    {
        Assert.Equal(1, stats.HeldDomains);
        var aliases = await host.AliasesAsync();
        // ubuntu.com: nobody removed, nobody created from the partial listing.
        Assert.Equal(UbuntuPeople, aliases.Where(a => a.Domain!.Name == "ubuntu.com").Select(a => a.Name).Order().ToList());
        Assert.All(aliases.Where(a => a.Domain!.Name == "ubuntu.com"), a => Assert.Equal((true, (DateTimeOffset?)null), (a.IsEnabled, a.IneligibleSince)));
        // kubuntu.org reconciled as usual.
        Assert.Equal(["ka", "kb", "kc", "kn"], aliases.Where(a => a.Domain!.Name == "kubuntu.org").Select(a => a.Name).Order().ToList());
        Assert.NotNull(Assert.Single(aliases, a => a.Name == "kc").IneligibleSince);

        var entry = Assert.Single(await host.ErrorLogAsync(), e => e.Kind == "invalid-directory-response");
        Assert.Contains("@ubuntu.com", entry.Message, StringComparison.Ordinal);
        Assert.Contains(reason, entry.Message, StringComparison.Ordinal);
        Assert.Equal(ErrorLogService.Fingerprint("domain:ubuntu.com", ProvisioningErrorKind.InvalidDirectoryResponse), entry.Fingerprint);
        var outbox = await host.OutboxAsync();
        var admins = Assert.Single(outbox, m => m.Kind == "team-listing-fault");
        Assert.Equal("admins@ubuntu.com", admins.To);
        Assert.Contains(reason, admins.Body, StringComparison.Ordinal);
        Assert.Contains(outbox, m => m.Kind == "error-report" && m.To == ProvisioningTestHost.TeamAddress && m.Body.Contains("@ubuntu.com", StringComparison.Ordinal));
        Assert.DoesNotContain(outbox, m => m.Kind == "removal-review");
    }
}
