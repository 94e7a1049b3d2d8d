using Bunit;
using ForwardEmail.Dashboard.Core.Domain;
using ForwardEmail.Dashboard.Core.Provisioning;
using ForwardEmail.Dashboard.Web.Features.Admin.Contributors;
using ForwardEmail.Dashboard.Core.Admin;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ForwardEmail.Dashboard.Web.Tests.Features.Admin;

/// <summary>The contributor list and detail pages with the real admin console and provisioning services.</summary>
public sealed class ContributorPagesTests : AdminConsoleTestContext
{
    private async Task<int> AddMemberAsync(string username, string email)
    {
        Directory.Add(username, teams: "ubuntumembers");
        await using var db = CreateDb();
        var contributor = new Contributor { Subject = "sub-" + username, Username = username, Email = email, CreatedAt = Now, UpdatedAt = Now };
        db.Contributors.Add(contributor);
        await db.SaveChangesAsync();
        return contributor.Id;
    }

    [Fact]
    public async Task The_list_searches_by_username_email_or_subject_and_refuses_a_huge_search()
    {
        await SignInAsAsync("sam-support", DashboardRole.Support);
        await AddMemberAsync("jdoe", "jdoe@mail.example.org");
        await AddMemberAsync("rita", "rita@example.net");

        var page = Render<ContributorsPage>();
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=contributor-row]").Count));

        await page.Find("[data-testid=filter-search]").ChangeAsync(new() { Value = "example.net" });
        page.WaitForAssertion(() => Assert.Equal("rita", Assert.Single(page.FindAll("[data-testid=contributor-row]")).GetAttribute("data-username")));
        await page.Find("[data-testid=filter-search]").ChangeAsync(new() { Value = "sub-jdoe" });
        page.WaitForAssertion(() => Assert.Equal("jdoe", Assert.Single(page.FindAll("[data-testid=contributor-row]")).GetAttribute("data-username")));
        Assert.EndsWith("/admin/contributors/" + page.Find("[data-testid=contributor-row]").GetAttribute("data-id"),
            page.Find("[data-testid=contributor-link]").GetAttribute("href"), StringComparison.Ordinal);

        await page.Find("[data-testid=filter-search]").ChangeAsync(new() { Value = new string('j', 10_000) });
        page.WaitForAssertion(() => Assert.Contains("longer than 320 characters", page.Find("[data-testid=filter-message]").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=contributor-row]"));
    }

    [Fact]
    public async Task Support_provisions_now_and_sees_the_outcome_but_no_ban()
    {
        await SignInAsAsync("sam-support", DashboardRole.Support);
        var id = await AddMemberAsync("jdoe", "jdoe@mail.example.org");

        var page = Render<ContributorDetailPage>(p => p.Add(x => x.ContributorId, id));
        page.WaitForAssertion(() => Assert.Equal("jdoe", page.Find("[data-testid=contributor-username]").TextContent));
        Assert.NotNull(page.Find("[data-testid=no-aliases]"));
        Assert.Empty(page.FindAll("[data-testid=ban]"));
        Assert.Empty(page.FindAll("[data-testid=unban]"));

        await page.Find("[data-testid=provision-now]").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Equal("Created",
            page.FindAll("[data-testid=result-row]").Single(r => r.GetAttribute("data-domain") == "ubuntu.com").GetAttribute("data-kind")));
        page.WaitForAssertion(() => Assert.Equal("Active", page.Find("[data-address='jdoe@ubuntu.com']").GetAttribute("data-state")));
        Assert.Contains(page.FindAll("[data-testid=history-row]"), r => r.GetAttribute("data-action") == "alias.created");
    }

    [Fact]
    public async Task An_admin_must_give_a_reason_and_a_ban_disables_the_aliases_at_once()
    {
        await SignInAsAsync("ada-admin", DashboardRole.Admin);
        var id = await AddMemberAsync("jdoe", "jdoe@mail.example.org");
        var page = Render<ContributorDetailPage>(p => p.Add(x => x.ContributorId, id));
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=provision-now]")));
        await page.Find("[data-testid=provision-now]").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Equal("Active", page.Find("[data-address='jdoe@ubuntu.com']").GetAttribute("data-state")));

        await page.Find("[data-testid=ban]").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Equal("Give a reason for the ban.", page.Find("[data-testid=action-message]").TextContent));
        Assert.Equal("false", page.Find("[data-testid=ban-state]").GetAttribute("data-banned"));

        await page.Find("[data-testid=ban-reason]").InputAsync(new() { Value = "Phishing from the alias" });
        await page.Find("[data-testid=ban]").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Equal("true", page.Find("[data-testid=ban-state]").GetAttribute("data-banned")));
        Assert.Equal("Phishing from the alias", page.Find("[data-testid=ban-reason-shown]").TextContent);
        Assert.All(page.FindAll("[data-testid=alias-row]"), r => Assert.Equal("Disabled", r.GetAttribute("data-state")));
        Assert.Contains(page.FindAll("[data-testid=history-row]"), r => r.GetAttribute("data-action") == "contributor.banned");
        Assert.Equal("banned", page.Find("[data-testid=result-error] bdi").TextContent);
        var banned = page.FindAll("[data-testid=history-row]").First(r => r.GetAttribute("data-action") == "contributor.banned");
        Assert.Contains(banned.QuerySelectorAll("[data-testid=audit-field]"), f => f.GetAttribute("data-field") == "isBanned" && f.TextContent.Contains("false → true", StringComparison.Ordinal));

        await page.Find("[data-testid=unban]").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Equal("false", page.Find("[data-testid=ban-state]").GetAttribute("data-banned")));
        await using var db = CreateDb();
        Assert.All(await db.Aliases.Where(a => a.OwnerId == id).ToListAsync(), a => Assert.True(a.IsEnabled, a.DisabledReason ?? AliasReasons.Banned));
    }

    [Fact]
    public async Task An_unknown_contributor_shows_a_message()
    {
        await SignInAsAsync("sam-support", DashboardRole.Support);
        var page = Render<ContributorDetailPage>(p => p.Add(x => x.ContributorId, 999_999));
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=not-found]")));
    }

    [Fact]
    public async Task A_ban_made_elsewhere_shows_on_the_open_page()
    {
        await SignInAsAsync("sam-support", DashboardRole.Support);
        var id = await AddMemberAsync("jdoe", "jdoe@mail.example.org");
        var page = Render<ContributorDetailPage>(p => p.Add(x => x.ContributorId, id));
        page.WaitForAssertion(() => Assert.Equal("false", page.Find("[data-testid=ban-state]").GetAttribute("data-banned")));

        await using (var scope = Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ContributorAdministration>().BanAsync(id, "Abuse", "ada-admin", CancellationToken.None);
        }

        page.WaitForAssertion(() => Assert.Equal("true", page.Find("[data-testid=ban-state]").GetAttribute("data-banned")));
        Assert.Equal("This contributor was updated.", page.Find("[data-testid=contributor-live]").TextContent);
    }
}
