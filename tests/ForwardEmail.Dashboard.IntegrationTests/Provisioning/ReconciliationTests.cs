using ForwardEmail.Dashboard.Core.Domain;
using ForwardEmail.Dashboard.Core.Errors;
using ForwardEmail.Dashboard.Core.Provisioning;
using ForwardEmail.Dashboard.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ForwardEmail.Dashboard.IntegrationTests.Provisioning;

public sealed class ReconciliationTests
{
    [Fact]
    public async Task An_empty_listing_disables_nothing_and_asks_admins_to_confirm()
    {
        var people = new[] { "ka", "kb", "kc" };
        await using var host = await ProvisioningTestHost.StartAsync(d =>
        {
            foreach (var name in people)
            {
                d.AddPerson(name);
                d.AddToTeam(name, "kubuntu-members");
            }
        });
        foreach (var name in people)
        {
            await host.AddContributorAsync(name, $"{name}@example.org");
        }

        await host.ReconcileAsync();
        Assert.Equal(3, (await host.AliasesAsync()).Count);

        foreach (var name in people)
        {
            host.Directory.Data.RemoveFromTeam(name, "kubuntu-members");
        }

        host.Advance(TimeSpan.FromDays(8));
        var stats = await host.ReconcileAsync();

        Assert.Equal((0, 0, 1), (stats.Disabled, stats.PendingRemoval, stats.HeldDomains));
        Assert.All(await host.AliasesAsync(), a => Assert.Equal((true, (DateTimeOffset?)null), (a.IsEnabled, a.IneligibleSince)));
        var review = Assert.Single(await host.WithDbAsync(db => db.RemovalReviews.Include(r => r.Domain).ToListAsync()));
        Assert.Equal(("kubuntu.org", "empty-listing", 3, 3, RemovalReviewStatus.Pending),
            (review.Domain!.Name, review.Reason, review.AffectedAliases, review.EnabledAliases, review.Status));
        Assert.Equal("removal-circuit-open", Assert.Single(await host.ErrorLogAsync(), e => e.Kind == "removal-circuit-open").Kind);
        Assert.Equal("admins@kubuntu.org", Assert.Single(await host.OutboxAsync(), m => m.Kind == "removal-review").To);
    }

    [Fact]
    public async Task Too_many_removals_for_a_domain_are_held_until_an_admin_confirms()
    {
        var people = Enumerable.Range(0, 10).Select(i => $"member{i}").ToArray();
        await using var host = await ProvisioningTestHost.StartAsync(d =>
        {
            foreach (var name in people)
            {
                d.AddPerson(name);
                d.AddToTeam(name, "lubuntu-members");
            }
        });
        foreach (var name in people)
        {
            await host.AddContributorAsync(name, $"{name}@example.org");
        }

        await host.ReconcileAsync();
        host.Directory.Data.RemoveFromTeam("member0", "lubuntu-members");
        host.Directory.Data.RemoveFromTeam("member1", "lubuntu-members");

        var held = await host.ReconcileAsync();

        // 2 of 10 is above the 10 % default: nothing scheduled.
        Assert.Equal((0, 1), (held.PendingRemoval, held.HeldDomains));
        Assert.All(await host.AliasesAsync(), a => Assert.Null(a.IneligibleSince));
        var review = Assert.Single(await host.WithDbAsync(db => db.RemovalReviews.ToListAsync()));
        Assert.Equal(("share-exceeded", 2, 10), (review.Reason, review.AffectedAliases, review.EnabledAliases));

        var listed = (await host.AliasesAsync()).Where(a => a.Name is "member0" or "member1").Select(a => a.Id).Order().ToList();
        Assert.Equal(listed, review.AffectedAliasIds.Order().ToList());
        Assert.Equal(RemovalReviewDecision.Confirmed, await host.WithServiceAsync<RemovalReviewService, RemovalReviewDecision>(
            s => s.ConfirmAsync(review.Id, review.AffectedAliasIds, "admin@example.org", CancellationToken.None)));
        var applied = await host.ReconcileAsync();

        Assert.Equal((2, 0), (applied.PendingRemoval, applied.HeldDomains));
        Assert.Equal(["member0", "member1"], (await host.AliasesAsync()).Where(a => a.IneligibleSince is not null).Select(a => a.Name).Order().ToList());
        Assert.Equal(RemovalReviewStatus.Applied, (await host.WithDbAsync(db => db.RemovalReviews.SingleAsync())).Status);
        Assert.Contains(await host.AuditAsync(), a => a.Action == "removal-review.confirmed" && a.Actor == "admin@example.org");
    }

    [Fact]
    public async Task One_removal_in_ten_passes_the_breaker()
    {
        var people = Enumerable.Range(0, 10).Select(i => $"member{i}").ToArray();
        await using var host = await ProvisioningTestHost.StartAsync(d =>
        {
            foreach (var name in people)
            {
                d.AddPerson(name);
                d.AddToTeam(name, "lubuntu-members");
            }
        });
        foreach (var name in people)
        {
            await host.AddContributorAsync(name, $"{name}@example.org");
        }

        await host.ReconcileAsync();
        host.Directory.Data.RemoveFromTeam("member3", "lubuntu-members");

        var stats = await host.ReconcileAsync();

        Assert.Equal((1, 0), (stats.PendingRemoval, stats.HeldDomains));
        Assert.Equal("member3", Assert.Single(await host.AliasesAsync(), a => a.IneligibleSince is not null).Name);
    }

    [Fact]
    public async Task A_second_reconciliation_writes_nothing_and_queues_nothing()
    {
        await using var host = await ProvisioningTestHost.StartAsync(d =>
        {
            d.AddPerson("amira-h");
            d.AddToTeam("amira-h", "ubuntumembers");
            d.AddToTeam("amira-h", "edubuntu-members");
            d.AddPerson("somchai");
            d.AddToTeam("somchai", "kubuntu-members");
        });
        await host.AddContributorAsync("amira-h", "amira@example.org");
        await host.AddContributorAsync("somchai", "somchai@example.org");

        var first = await host.ReconcileAsync();
        var outbox = (await host.OutboxAsync()).Count;
        var audit = (await host.AuditAsync()).Count;
        var second = await host.ReconcileAsync();

        Assert.Equal((2, 3), (first.ContributorsProcessed, first.Created));
        Assert.Equal((2, 0, 0, 0, 0), (second.ContributorsProcessed, second.Created, second.Updated, second.Disabled, second.PendingRemoval));
        Assert.Equal(3, outbox);
        Assert.Equal(outbox, (await host.OutboxAsync()).Count);
        Assert.Equal(audit, (await host.AuditAsync()).Count);
    }

    [Fact]
    public async Task A_contributor_whose_record_becomes_incomplete_still_goes_through_the_grace_period()
    {
        await using var host = await ProvisioningTestHost.StartAsync(d =>
        {
            d.AddPerson("amira-h");
            d.AddToTeam("amira-h", "ubuntumembers");
            d.AddPerson("somchai");
            d.AddToTeam("somchai", "ubuntumembers");
        }, new Dictionary<string, string?> { ["Provisioning:RemovalCircuitBreakerShare"] = "1.0" });
        var amira = await host.AddContributorAsync("amira-h", "amira@example.org");
        var somchai = await host.AddContributorAsync("somchai", "somchai@example.org");
        await host.ReconcileAsync();
        Assert.Equal(2, (await host.AliasesAsync()).Count(a => a.IsEnabled));

        // The username moved to another subject at sign-in; the other record lost its email.
        await host.WithDbAsync(async db =>
        {
            (await db.Contributors.SingleAsync(c => c.Id == amira)).Username = null;
            (await db.Contributors.SingleAsync(c => c.Id == somchai)).Email = "not-an-email";
            await db.SaveChangesAsync();
        });
        var outboxBefore = (await host.OutboxAsync()).Count;

        var pending = await host.ReconcileAsync();

        Assert.Equal((2, 2), (pending.PendingRemoval, pending.Errors));
        Assert.All(await host.AliasesAsync(), a => Assert.Equal((true, "invalid-user"), (a.IsEnabled, a.IneligibleReason)));
        Assert.Equal(2, (await host.ErrorLogAsync()).Count(e => e.Kind == "invalid-user"));
        var told = (await host.OutboxAsync()).Skip(outboxBefore).Where(m => m.Kind == "alias-pending-removal").Select(m => m.To).Order().ToList();
        // The admin contacts and the owner are told; an address that is not one is never written to the outbox.
        Assert.Equal(["admins@ubuntu.com", "admins@ubuntu.com", "amira@example.org"], told);

        host.Advance(TimeSpan.FromDays(8));
        var disabled = await host.ReconcileAsync();

        Assert.Equal(2, disabled.Disabled);
        Assert.All(await host.AliasesAsync(), a => Assert.Equal((false, "invalid-user"), (a.IsEnabled, a.DisabledReason)));
    }
}
