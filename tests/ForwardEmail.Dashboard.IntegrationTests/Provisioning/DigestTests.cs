using ForwardEmail.Dashboard.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ForwardEmail.Dashboard.IntegrationTests.Provisioning;

/// <summary>PRODUCT.md section 3 step 6: more creations or changes on a domain than the threshold in one run send one digest.</summary>
public sealed class DigestTests
{
    private static readonly string[] UbuntuPeople = ["ua", "ub", "uc", "ud", "ue"];

    [Fact]
    public async Task More_creations_than_the_threshold_send_each_admin_contact_one_digest_and_fewer_send_one_message_each()
    {
        await using var host = await StartAsync();

        await host.ReconcileAsync();

        var outbox = await host.OutboxAsync();
        var digest = Assert.Single(outbox, m => m.Kind == "alias-digest");
        Assert.Equal("admins@ubuntu.com", digest.To);
        Assert.Contains("5 email addresses", digest.Subject, StringComparison.Ordinal);
        Assert.All(UbuntuPeople, name => Assert.Contains($"{name}@ubuntu.com", digest.Body, StringComparison.Ordinal));
        Assert.DoesNotContain(outbox, m => m.Kind == "alias-created" && m.To == "admins@ubuntu.com");
        Assert.Equal(["admins@kubuntu.org", "admins@kubuntu.org"], outbox.Where(m => m.Kind == "alias-created").Select(m => m.To).ToList());
        Assert.Empty(await host.WithDbAsync(db => db.DigestCandidates.ToListAsync()));

        // Exactly the threshold of changes is not more than it: one message each.
        await host.WithDbAsync(async db =>
        {
            foreach (var contributor in await db.Contributors.Where(c => c.Username!.StartsWith("u") && c.Username != "ue").ToListAsync())
            {
                contributor.Email = $"new-{contributor.Email}";
            }

            await db.SaveChangesAsync();
        });
        var before = outbox.Count;
        var stats = await host.ReconcileAsync();

        Assert.Equal(4, stats.Updated);
        var added = (await host.OutboxAsync()).Skip(before).ToList();
        Assert.Equal(4, added.Count(m => m.Kind == "alias-updated" && m.To == "admins@ubuntu.com"));
        Assert.DoesNotContain(added, m => m.Kind == "alias-digest");
    }

    [Fact]
    public async Task A_run_that_fails_after_some_commits_loses_no_notification_and_the_next_run_sends_each_once()
    {
        var failing = true;
        await using var host = await StartAsync(services => ThrowingDirectoryClient.Decorate(services, "loner", () => Volatile.Read(ref failing)));
        host.Directory.Data.AddPerson("loner");
        await host.AddContributorAsync("loner", "loner@example.org");

        await Assert.ThrowsAsync<InvalidOperationException>(host.ReconcileAsync);

        // The aliases committed with their held notifications; none is in the outbox yet, none is lost.
        Assert.Equal(7, (await host.AliasesAsync()).Count);
        Assert.Equal(7, (await host.WithDbAsync(db => db.DigestCandidates.ToListAsync())).Count);
        Assert.DoesNotContain(await host.OutboxAsync(), m => m.Kind is "alias-created" or "alias-digest");

        Volatile.Write(ref failing, false);
        await host.ReconcileAsync();
        await host.ReconcileAsync();

        var outbox = await host.OutboxAsync();
        Assert.Equal("admins@ubuntu.com", Assert.Single(outbox, m => m.Kind == "alias-digest").To);
        Assert.Equal(2, outbox.Count(m => m.Kind == "alias-created" && m.To == "admins@kubuntu.org"));
        Assert.Empty(await host.WithDbAsync(db => db.DigestCandidates.ToListAsync()));
    }

    [Fact]
    public async Task A_single_claim_is_never_held_for_a_digest()
    {
        await using var host = await StartAsync();
        var id = await host.WithDbAsync(db => db.Contributors.Where(c => c.Username == "ua").Select(c => c.Id).SingleAsync());

        await host.ProvisionAsync(id);

        Assert.Equal("admins@ubuntu.com", Assert.Single(await host.OutboxAsync(), m => m.Kind == "alias-created").To);
        Assert.Empty(await host.WithDbAsync(db => db.DigestCandidates.ToListAsync()));
    }

    private static async Task<ProvisioningTestHost> StartAsync(Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null)
    {
        var host = await ProvisioningTestHost.StartAsync(d =>
        {
            foreach (var name in UbuntuPeople)
            {
                d.AddPerson(name);
                d.AddToTeam(name, "ubuntumembers");
            }

            d.AddPerson("ka");
            d.AddToTeam("ka", "kubuntu-members");
            d.AddPerson("kb");
            d.AddToTeam("kb", "kubuntu-members");
        }, new Dictionary<string, string?> { ["Provisioning:DigestThreshold"] = "4" }, services);
        foreach (var name in UbuntuPeople.Append("ka").Append("kb"))
        {
            await host.AddContributorAsync(name, $"{name}@example.org");
        }

        return host;
    }
}
