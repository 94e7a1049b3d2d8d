using ForwardEmail.Dashboard.Core.Domain;
using ForwardEmail.Dashboard.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ForwardEmail.Dashboard.IntegrationTests.Domains;

/// <summary>A domain mapped to another team: the next reconciliation uses it, through the removal circuit breaker.</summary>
public sealed class TeamChangeReconciliationTests
{
    [Fact]
    public async Task ChangingADomainsTeam_HoldsTheMassRemovalForReview_InsteadOfDisablingEveryone()
    {
        var members = Enumerable.Range(1, 20).Select(i => $"member{i:D2}").ToList();
        await using var host = await ProvisioningTestHost.StartAsync(data =>
        {
            foreach (var name in members)
            {
                data.AddPerson(name);
                data.AddToTeam(name, "ubuntu-smtp-test");
            }

            data.AddPerson("newcomer");
            data.AddToTeam("newcomer", "kubuntu-members");
        });
        foreach (var name in members.Append("newcomer"))
        {
            await host.AddContributorAsync(name, name + "@example.org");
        }

        await host.ReconcileAsync();
        Assert.Equal(20, (await host.AliasesAsync()).Count(a => a.Domain!.Name == "ubuntu.net" && a.IsEnabled));

        await host.WithDbAsync(async db =>
        {
            var mapping = await db.TeamMappings.SingleAsync(t => t.Domain!.Name == "ubuntu.net");
            mapping.TeamName = "kubuntu-members";
            await db.SaveChangesAsync();
        });
        host.Advance(TimeSpan.FromHours(2));
        await host.ReconcileAsync();

        var ubuntuNet = (await host.AliasesAsync()).Where(a => a.Domain!.Name == "ubuntu.net").ToList();
        Assert.All(ubuntuNet.Where(a => a.Name != "newcomer"), a => Assert.True(a.IsEnabled && a.IneligibleSince is null, $"{a.Name} was touched"));
        var review = await host.WithDbAsync(db => db.RemovalReviews.AsNoTracking().SingleAsync(r => r.Domain!.Name == "ubuntu.net"));
        Assert.Equal((RemovalReviewStatus.Pending, "kubuntu-members", 20), (review.Status, review.TeamName, review.AffectedAliases));
    }
}
