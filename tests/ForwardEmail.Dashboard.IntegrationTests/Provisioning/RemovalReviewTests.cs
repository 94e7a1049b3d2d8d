using ForwardEmail.Dashboard.Core.Domain;
using ForwardEmail.Dashboard.Core.Provisioning;
using ForwardEmail.Dashboard.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ForwardEmail.Dashboard.IntegrationTests.Provisioning;

/// <summary>
/// The removal circuit breaker's reviews: a confirmation authorises the removals it listed, on that domain, once, before it
/// expires; never a later, different mass removal; never removals on the strength of an empty listing.
/// </summary>
public sealed class RemovalReviewTests
{
    private static readonly string[] People = [.. Enumerable.Range(0, 10).Select(i => $"member{i}")];

    [Fact]
    public async Task A_confirmation_never_authorises_a_different_mass_removal()
    {
        await using var host = await StartAsync();
        var first = await HoldAsync(host, "member0", "member1");
        Assert.Equal(RemovalReviewDecision.Confirmed, await ConfirmAsync(host, first.Id));

        // Before the next run, a third person drops out: that is not what the admin confirmed.
        host.Directory.Data.RemoveFromTeam("member2", "lubuntu-members");
        var stats = await host.ReconcileAsync();

        Assert.Equal((0, 1), (stats.PendingRemoval, stats.HeldDomains));
        Assert.All(await host.AliasesAsync(), a => Assert.Null(a.IneligibleSince));
        var reviews = await ReviewsAsync(host);
        Assert.Equal(RemovalReviewStatus.Superseded, reviews.Single(r => r.Id == first.Id).Status);
        var second = Assert.Single(reviews, r => r.Status == RemovalReviewStatus.Pending);
        Assert.Equal(3, second.AffectedAliasIds.Count);
        Assert.Equal(RemovalReviewDecision.NotPending, await ConfirmAsync(host, first.Id));
    }

    [Fact]
    public async Task A_confirmation_applies_once_and_not_to_a_later_mass_removal()
    {
        await using var host = await StartAsync();
        var review = await HoldAsync(host, "member0", "member1");
        Assert.Equal(RemovalReviewDecision.Confirmed, await ConfirmAsync(host, review.Id));
        Assert.Equal(2, (await host.ReconcileAsync()).PendingRemoval);

        host.Directory.Data.RemoveFromTeam("member5", "lubuntu-members");
        host.Directory.Data.RemoveFromTeam("member6", "lubuntu-members");
        var later = await host.ReconcileAsync();

        Assert.Equal((0, 1), (later.PendingRemoval, later.HeldDomains));
        Assert.Null(Assert.Single(await host.AliasesAsync(), a => a.Name == "member5").IneligibleSince);
        var reviews = await ReviewsAsync(host);
        Assert.Equal(RemovalReviewStatus.Applied, reviews.Single(r => r.Id == review.Id).Status);
        Assert.Single(reviews, r => r.Status == RemovalReviewStatus.Pending);
    }

    [Fact]
    public async Task A_review_expires_and_an_expired_confirmation_is_not_applied()
    {
        await using var host = await StartAsync(new Dictionary<string, string?> { ["Provisioning:RemovalReviewLifetime"] = "1.00:00:00" });
        var unconfirmed = await HoldAsync(host, "member0", "member1");
        host.Advance(TimeSpan.FromDays(1));
        Assert.Equal(RemovalReviewDecision.Expired, await ConfirmAsync(host, unconfirmed.Id));

        // A new review of the same removals, confirmed in time, but the run comes after it expired.
        await host.ReconcileAsync();
        var confirmed = Assert.Single(await ReviewsAsync(host), r => r.Status == RemovalReviewStatus.Pending);
        Assert.Equal(RemovalReviewDecision.Confirmed, await ConfirmAsync(host, confirmed.Id));
        host.Advance(TimeSpan.FromDays(2));
        var stats = await host.ReconcileAsync();

        Assert.Equal((0, 1), (stats.PendingRemoval, stats.HeldDomains));
        var reviews = await ReviewsAsync(host);
        Assert.Equal(RemovalReviewStatus.Expired, reviews.Single(r => r.Id == unconfirmed.Id).Status);
        Assert.Equal(RemovalReviewStatus.Expired, reviews.Single(r => r.Id == confirmed.Id).Status);
        Assert.Single(reviews, r => r.Status == RemovalReviewStatus.Pending);
    }

    [Fact]
    public async Task An_empty_listing_review_can_be_dismissed_but_never_disables_anyone_when_confirmed()
    {
        await using var host = await StartAsync();
        foreach (var name in People)
        {
            host.Directory.Data.RemoveFromTeam(name, "lubuntu-members");
        }

        await host.ReconcileAsync();
        var review = Assert.Single(await ReviewsAsync(host));
        Assert.Equal("empty-listing", review.Reason);

        Assert.Equal(RemovalReviewDecision.EmptyListingCannotBeConfirmed, await ConfirmAsync(host, review.Id));
        // Even a confirmation written behind the service's back, still in time, is not applied to an empty listing.
        await host.WithDbAsync(db => db.RemovalReviews.ExecuteUpdateAsync(set => set.SetProperty(r => r.Status, RemovalReviewStatus.Confirmed)));
        host.Advance(TimeSpan.FromHours(1));
        var stats = await host.ReconcileAsync();

        Assert.Equal((0, 0, 1), (stats.PendingRemoval, stats.Disabled, stats.HeldDomains));
        Assert.All(await host.AliasesAsync(), a => Assert.Equal((true, (DateTimeOffset?)null), (a.IsEnabled, a.IneligibleSince)));

        var pending = Assert.Single(await ReviewsAsync(host), r => r.Status == RemovalReviewStatus.Pending);
        Assert.Equal(RemovalReviewDecision.Dismissed,
            await host.WithServiceAsync<RemovalReviewService, RemovalReviewDecision>(s => s.DismissAsync(pending.Id, "admin@example.org", CancellationToken.None)));
        Assert.Contains(await host.AuditAsync(), a => a.Action == "removal-review.dismissed" && a.Actor == "admin@example.org");
    }

    private static async Task<ProvisioningTestHost> StartAsync(Dictionary<string, string?>? settings = null)
    {
        var host = await ProvisioningTestHost.StartAsync(d =>
        {
            foreach (var name in People)
            {
                d.AddPerson(name);
                d.AddToTeam(name, "lubuntu-members");
            }
        }, settings);
        foreach (var name in People)
        {
            await host.AddContributorAsync(name, $"{name}@example.org");
        }

        await host.ReconcileAsync();
        return host;
    }

    /// <summary>Removes the people from the team and runs a reconciliation the breaker holds; returns the review it opened.</summary>
    private static async Task<RemovalReview> HoldAsync(ProvisioningTestHost host, params string[] leaving)
    {
        foreach (var name in leaving)
        {
            host.Directory.Data.RemoveFromTeam(name, "lubuntu-members");
        }

        var stats = await host.ReconcileAsync();
        Assert.Equal((0, 1), (stats.PendingRemoval, stats.HeldDomains));
        return Assert.Single(await ReviewsAsync(host), r => r.Status == RemovalReviewStatus.Pending);
    }

    /// <summary>Confirms what the review lists now, as the page would after showing it.</summary>
    private static async Task<RemovalReviewDecision> ConfirmAsync(ProvisioningTestHost host, int id)
    {
        var shown = await host.WithDbAsync(db => db.RemovalReviews.AsNoTracking().Where(r => r.Id == id).Select(r => r.AffectedAliasIds).SingleAsync());
        return await host.WithServiceAsync<RemovalReviewService, RemovalReviewDecision>(s => s.ConfirmAsync(id, shown, "admin@example.org", CancellationToken.None));
    }

    private static Task<List<RemovalReview>> ReviewsAsync(ProvisioningTestHost host) =>
        host.WithDbAsync(db => db.RemovalReviews.AsNoTracking().OrderBy(r => r.Id).ToListAsync());
}
