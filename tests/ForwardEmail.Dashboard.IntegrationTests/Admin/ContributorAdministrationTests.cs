using ForwardEmail.Dashboard.Core.Admin;
using ForwardEmail.Dashboard.Core.Provisioning;
using ForwardEmail.Dashboard.IntegrationTests.Infrastructure;
using ForwardEmail.Dashboard.Web.Features.Admin;
using Microsoft.EntityFrameworkCore;

namespace ForwardEmail.Dashboard.IntegrationTests.Admin;

/// <summary>Contributor search, detail, ban and "Provision now" on the real provisioning stack.</summary>
public sealed class ContributorAdministrationTests
{
    private static Task<ProvisioningTestHost> StartWithMembersAsync(params string[] people) => AliasAdministrationTests.StartAsync(d =>
    {
        foreach (var name in people)
        {
            d.AddPerson(name);
            d.AddToTeam(name, "ubuntumembers");
            d.AddToTeam(name, "kubuntu-members");
        }
    });

    [Fact]
    public async Task A_ban_needs_a_reason_and_deprovisions_at_once_and_an_unban_brings_the_aliases_back()
    {
        await using var host = await StartWithMembersAsync("jdoe");
        var admin = AliasAdministrationTests.Person("ada-admin");
        var id = await host.AddContributorAsync("jdoe", "jdoe@example.org");
        await host.ProvisionAsync(id);
        Assert.Equal(2, (await host.AliasesAsync()).Count(a => a.IsEnabled));
        var audit = (await host.AuditAsync()).Count;

        foreach (var reason in new[] { null, "", "   " })
        {
            Assert.Equal(ContributorChangeOutcome.ReasonRequired, (await host.WithServiceAsync<AdminConsole, (ContributorChangeOutcome, ProvisioningResult?)>(
                c => c.BanAsync(admin, id, reason, CancellationToken.None))).Item1);
        }

        Assert.Equal(ContributorChangeOutcome.ReasonTooLong, (await host.WithServiceAsync<AdminConsole, (ContributorChangeOutcome, ProvisioningResult?)>(
            c => c.BanAsync(admin, id, new string('r', ContributorAdministration.MaxReasonLength + 1), CancellationToken.None))).Item1);
        Assert.False((await host.WithDbAsync(db => db.Contributors.SingleAsync(c => c.Id == id))).IsBanned);
        Assert.Equal(audit, (await host.AuditAsync()).Count);

        var (banned, result) = await host.WithServiceAsync<AdminConsole, (ContributorChangeOutcome, ProvisioningResult?)>(
            c => c.BanAsync(admin, id, "Sent spam through the alias", CancellationToken.None));
        Assert.Equal(ContributorChangeOutcome.Done, banned);
        Assert.Equal("banned", result!.Error?.Code);
        // No grace period on a ban.
        Assert.All(await host.AliasesAsync(), a => Assert.Equal((false, AliasReasons.Banned), (a.IsEnabled, a.DisabledReason)));
        var person = await host.WithDbAsync(db => db.Contributors.SingleAsync(c => c.Id == id));
        Assert.Equal((true, "Sent spam through the alias"), (person.IsBanned, person.BannedReason));
        Assert.Equal(ContributorChangeOutcome.Unchanged, (await host.WithServiceAsync<AdminConsole, (ContributorChangeOutcome, ProvisioningResult?)>(
            c => c.BanAsync(admin, id, "again", CancellationToken.None))).Item1);

        var detail = await host.WithServiceAsync<AdminConsole, ContributorDetail?>(c => c.ContributorAsync(admin, id, CancellationToken.None));
        Assert.Equal(2, detail!.Aliases.Count);
        Assert.Contains(detail.Errors, e => e.Kind == "banned");
        Assert.Contains(detail.History, h => h.Action == "contributor.banned" && h.Actor == "ada-admin" && h.After!.Contains("Sent spam", StringComparison.Ordinal));
        Assert.Equal(2, detail.History.Count(h => h.Action == "alias.disabled"));
        Assert.Equal(2, detail.History.Count(h => h.Action == "alias.created"));

        Assert.Equal(ContributorChangeOutcome.Done, (await host.WithServiceAsync<AdminConsole, (ContributorChangeOutcome, ProvisioningResult?)>(
            c => c.UnbanAsync(admin, id, CancellationToken.None))).Item1);
        Assert.All(await host.AliasesAsync(), a => Assert.True(a.IsEnabled));
    }

    [Fact]
    public async Task Support_searches_and_provisions_now_but_ban_and_unban_are_refused_on_the_server()
    {
        await using var host = await StartWithMembersAsync("jdoe", "jsmith");
        var support = await AliasAdministrationTests.SupportPersonAsync(host);
        var jdoe = await host.AddContributorAsync("jdoe", "jdoe@example.org");
        await host.AddContributorAsync("jsmith", "john.smith@mail.example.net", subject: "oidc|42");
        await host.AddContributorAsync("ghost", "ghost@example.org", banned: true);

        async Task<List<string?>> FindAsync(string? search) =>
            [.. (await host.WithServiceAsync<AdminConsole, ContributorPage?>(c => c.SearchContributorsAsync(support, new ContributorQuery(search), CancellationToken.None)))!
                .Rows.Select(r => r.Username)];

        Assert.Equal(["ghost", "jdoe", "jsmith", "sam-support"], await FindAsync(null));
        Assert.Equal(["jdoe"], await FindAsync("JD"));
        Assert.Equal(["jdoe", "jsmith"], await FindAsync("j"));
        Assert.Equal(["jsmith"], await FindAsync("mail.example.net"));
        Assert.Equal(["jsmith"], await FindAsync("oidc|42"));
        Assert.Empty(await FindAsync("oidc|4"));
        var huge = await host.WithServiceAsync<AdminConsole, ContributorPage?>(c => c.SearchContributorsAsync(support, new ContributorQuery(new string('j', 10_000)), CancellationToken.None));
        Assert.Equal(AliasQueryProblem.SearchTooLong, huge!.Problem);

        var (provisioned, result) = await host.WithServiceAsync<AdminConsole, (ContributorChangeOutcome, ProvisioningResult?)>(c => c.ProvisionNowAsync(support, jdoe, CancellationToken.None));
        Assert.Equal(ContributorChangeOutcome.Done, provisioned);
        Assert.Contains(result!.Domains, d => d.Domain == "ubuntu.com" && d.Kind == DomainOutcomeKind.Created);
        Assert.Contains(await host.AuditAsync(), a => a.Action == "contributor.provision-requested" && a.Actor == "sam-support");

        var before = (await host.AuditAsync()).Count;
        Assert.Equal(ContributorChangeOutcome.NotAllowed, (await host.WithServiceAsync<AdminConsole, (ContributorChangeOutcome, ProvisioningResult?)>(
            c => c.BanAsync(support, jdoe, "no", CancellationToken.None))).Item1);
        var ghost = await host.WithDbAsync(db => db.Contributors.Where(c => c.Username == "ghost").Select(c => c.Id).SingleAsync());
        Assert.Equal(ContributorChangeOutcome.NotAllowed, (await host.WithServiceAsync<AdminConsole, (ContributorChangeOutcome, ProvisioningResult?)>(
            c => c.UnbanAsync(support, ghost, CancellationToken.None))).Item1);
        Assert.Equal(before, (await host.AuditAsync()).Count);
        Assert.False((await host.WithDbAsync(db => db.Contributors.SingleAsync(c => c.Id == jdoe))).IsBanned);
        Assert.True((await host.WithDbAsync(db => db.Contributors.SingleAsync(c => c.Id == ghost))).IsBanned);

        // Without a support role nothing is read or run.
        var outsider = AliasAdministrationTests.Person("jdoe");
        Assert.Null(await host.WithServiceAsync<AdminConsole, ContributorPage?>(c => c.SearchContributorsAsync(outsider, new ContributorQuery(), CancellationToken.None)));
        Assert.Null(await host.WithServiceAsync<AdminConsole, ContributorDetail?>(c => c.ContributorAsync(outsider, jdoe, CancellationToken.None)));
        Assert.Equal(ContributorChangeOutcome.NotAllowed, (await host.WithServiceAsync<AdminConsole, (ContributorChangeOutcome, ProvisioningResult?)>(
            c => c.ProvisionNowAsync(outsider, jdoe, CancellationToken.None))).Item1);
    }
}
