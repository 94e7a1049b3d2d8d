using System.Globalization;
using System.Security.Claims;
using Bunit;
using ForwardEmail.Dashboard.Core.Admin;
using ForwardEmail.Dashboard.Core.Domain;
using ForwardEmail.Dashboard.Core.Provisioning;
using ForwardEmail.Dashboard.Web.Features.Admin;
using ForwardEmail.Dashboard.Web.Features.Admin.Aliases;
using ForwardEmail.Dashboard.Web.Features.Auth;
using ForwardEmail.Dashboard.Web.Features.Domains;
using ForwardEmail.Dashboard.Web.Tests.Features.MyAddresses;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ForwardEmail.Dashboard.Web.Tests.Features.Admin;

/// <summary>The aliases page with the real admin console services over in-memory SQLite.</summary>
public sealed class AliasesPageTests : AdminConsoleTestContext
{
    private async Task<int> SeedAsync()
    {
        await using var db = CreateDb();
        var ubuntu = await db.Domains.SingleAsync(d => d.Name == "ubuntu.com");
        var owner = new Contributor { Subject = "sub-jdoe", Username = "jdoe", Email = "jdoe@mail.example.org", CreatedAt = Now, UpdatedAt = Now };
        db.Contributors.Add(owner);
        await db.SaveChangesAsync();
        db.Aliases.AddRange(
            new Alias { DomainId = ubuntu.Id, Name = "jdoe", OwnerId = owner.Id, Recipients = ["jdoe@mail.example.org"], CreatedAt = Now, UpdatedAt = Now },
            new Alias
            {
                DomainId = ubuntu.Id, Name = "gone", Recipients = ["gone@example.org"], Origin = AliasOrigin.Manual, IsEnabled = false,
                DisabledReason = AliasReasons.LeftTeam, DisabledAt = Now, CreatedAt = Now, UpdatedAt = Now,
            });
        await db.SaveChangesAsync();
        return ubuntu.Id;
    }

    private static IReadOnlyList<string?> Addresses(IRenderedComponent<AliasesPage> page) =>
        [.. page.FindAll("[data-testid=alias-row]").Select(r => r.GetAttribute("data-address"))];

    [Fact]
    public async Task Support_reads_filters_and_exports_but_sees_no_changes()
    {
        await SignInAsAsync("sam-support", DashboardRole.Support);
        await SeedAsync();

        var page = Render<AliasesPage>();
        page.WaitForAssertion(() => Assert.Equal(["gone@ubuntu.com", "jdoe@ubuntu.com"], Addresses(page)));
        Assert.Empty(page.FindAll("[data-testid=disable]"));
        Assert.Empty(page.FindAll("[data-testid=enable]"));
        Assert.Empty(page.FindAll("[data-testid=manual-alias]"));
        Assert.Contains("left-team", page.Find("[data-address='gone@ubuntu.com'] [data-testid=disabled-reason]").TextContent, StringComparison.Ordinal);

        await page.Find("[data-testid=filter-state]").ChangeAsync(new() { Value = nameof(AliasState.Active) });
        page.WaitForAssertion(() => Assert.Equal(["jdoe@ubuntu.com"], Addresses(page)));
        await page.Find("[data-testid=filter-search]").ChangeAsync(new() { Value = "mail.example" });
        page.WaitForAssertion(() => Assert.Equal(["jdoe@ubuntu.com"], Addresses(page)));
        Assert.Equal("/admin/aliases/export.csv?search=mail.example&state=Active", page.Find("[data-testid=export-csv]").GetAttribute("href"));

        await page.Find("[data-testid=filter-search]").ChangeAsync(new() { Value = "nobody" });
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=no-aliases]")));
    }

    [Fact]
    public async Task A_pending_removal_shows_when_the_alias_will_be_disabled_and_since_when()
    {
        await SignInAsAsync("sam-support", DashboardRole.Support);
        var ubuntu = await SeedAsync();
        var since = Now.AddDays(-2);
        await using (var db = CreateDb())
        {
            db.Aliases.Add(new Alias
            {
                DomainId = ubuntu, Name = "leaving", Recipients = ["leaving@example.org"], IneligibleSince = since,
                IneligibleReason = AliasReasons.LeftTeam, CreatedAt = Now, UpdatedAt = Now,
            });
            await db.SaveChangesAsync();
        }

        var page = Render<AliasesPage>();

        page.WaitForAssertion(() => Assert.Equal("PendingRemoval", page.Find("[data-address='leaving@ubuntu.com']").GetAttribute("data-state")));
        var caption = page.Find("[data-address='leaving@ubuntu.com'] [data-testid=pending-removal]").TextContent;
        var grace = new ProvisioningOptions().GracePeriod;
        Assert.Equal($"disabled on {DomainsConsole.Time(since + grace)} unless eligible again · since {DomainsConsole.Time(since)} (left-team)", caption);
    }

    [Fact]
    public async Task A_ten_thousand_character_search_shows_a_message_instead_of_failing()
    {
        await SignInAsAsync("sam-support", DashboardRole.Support);
        await SeedAsync();
        var page = Render<AliasesPage>();
        page.WaitForAssertion(() => Assert.Equal(2, Addresses(page).Count));

        await page.Find("[data-testid=filter-search]").ChangeAsync(new() { Value = new string('x', 10_000) });

        page.WaitForAssertion(() => Assert.Contains("longer than 320 characters", page.Find("[data-testid=filter-message]").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=alias-row]"));
    }

    [Fact]
    public async Task An_admin_disables_with_a_reason_and_enables_again()
    {
        await SignInAsAsync("ada-admin", DashboardRole.Admin);
        await SeedAsync();
        var page = Render<AliasesPage>();
        page.WaitForAssertion(() => Assert.Equal(2, Addresses(page).Count));

        await page.Find("[data-address='jdoe@ubuntu.com'] [data-testid=disable]").ClickAsync(new());
        await page.Find("[data-testid=confirm-disable]").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Equal("Give a reason; it is kept in the audit trail.", page.Find("[data-testid=action-message]").TextContent));
        Assert.Equal("Active", page.Find("[data-address='jdoe@ubuntu.com']").GetAttribute("data-state"));

        await page.Find("[data-testid=disable-reason]").InputAsync(new() { Value = "Phishing reports" });
        await page.Find("[data-testid=confirm-disable]").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Equal("Disabled", page.Find("[data-address='jdoe@ubuntu.com']").GetAttribute("data-state")));
        Assert.Equal("jdoe@ubuntu.com is disabled.", page.Find("[data-testid=action-message]").TextContent);
        Assert.Equal("jdoe@ubuntu.com is disabled.", page.Find("[data-address='jdoe@ubuntu.com'] [data-testid=row-done]").TextContent);
        Assert.Single(page.FindAll("[data-testid=row-done]"));
        Assert.Equal("Phishing reports", page.Find("[data-address='jdoe@ubuntu.com'] [data-testid=disabled-note]").TextContent);
        Assert.Contains(AliasReasons.AdminDisabled, page.Find("[data-address='jdoe@ubuntu.com'] [data-testid=disabled-reason]").TextContent, StringComparison.Ordinal);

        // Enabling asks for a reason as well, and keeps the alias disabled without one.
        await page.Find("[data-address='jdoe@ubuntu.com'] [data-testid=enable]").ClickAsync(new());
        await page.Find("[data-testid=confirm-enable]").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Equal("Give a reason; it is kept in the audit trail.", page.Find("[data-testid=action-message]").TextContent));
        // Beside the row's form as well, where the admin is looking.
        Assert.Equal("Give a reason; it is kept in the audit trail.", page.Find("[data-address='jdoe@ubuntu.com'] [data-testid=row-message]").TextContent);
        Assert.Equal("Disabled", page.Find("[data-address='jdoe@ubuntu.com']").GetAttribute("data-state"));

        await page.Find("[data-testid=enable-reason]").InputAsync(new() { Value = "Reports were a mistake" });
        await page.Find("[data-testid=confirm-enable]").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Equal("Active", page.Find("[data-address='jdoe@ubuntu.com']").GetAttribute("data-state")));
        Assert.Equal("jdoe@ubuntu.com is enabled again.", page.Find("[data-testid=action-message]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=enable-reason]"));
    }

    [Fact]
    public async Task An_admin_creating_a_manual_alias_sees_each_refusal_and_then_the_new_alias()
    {
        await SignInAsAsync("ada-admin", DashboardRole.Admin);
        var ubuntu = await SeedAsync();
        var page = Render<AliasesPage>();
        page.WaitForAssertion(() => Assert.Equal(2, Addresses(page).Count));

        async Task<string> TryAsync(string name, string recipients)
        {
            await page.Find("[data-testid=manual-name]").ChangeAsync(new() { Value = name });
            await page.Find("[data-testid=manual-domain]").ChangeAsync(new() { Value = ubuntu.ToString(CultureInfo.InvariantCulture) });
            await page.Find("[data-testid=manual-recipients]").ChangeAsync(new() { Value = recipients });
            await page.Find("[data-testid=manual-create]").ClickAsync(new());
            return page.Find("[data-testid=manual-message]").TextContent;
        }

        Assert.StartsWith("The name must be a Launchpad name", await TryAsync("x", "a@example.org"), StringComparison.Ordinal);
        Assert.Equal("That name is reserved.", await TryAsync("abuse", "a@example.org"));
        Assert.StartsWith("An alias with that name already exists", await TryAsync("gone", "a@example.org"), StringComparison.Ordinal);
        Assert.Equal("Enter at least one recipient.", await TryAsync("press", "  "));
        Assert.StartsWith("Each recipient must be a plain email address", await TryAsync("press", "press team"), StringComparison.Ordinal);
        Assert.Equal("An alias cannot forward to itself.", await TryAsync("press", "press@ubuntu.com"));
        Assert.Equal(2, Addresses(page).Count);

        Assert.Equal("press@ubuntu.com was created.", await TryAsync("press", "newsroom@example.org, editor@example.org"));
        page.WaitForAssertion(() => Assert.Contains("press@ubuntu.com", Addresses(page)));
        var press = page.Find("[data-address='press@ubuntu.com']");
        Assert.Equal(("Manual", "Active"), (press.GetAttribute("data-origin"), press.GetAttribute("data-state")));
        Assert.Equal(["newsroom@example.org", "editor@example.org"], press.QuerySelectorAll("[data-testid=alias-recipient]").Select(r => r.TextContent));
    }

    [Fact]
    public async Task A_change_made_elsewhere_shows_at_once_and_is_announced()
    {
        await SignInAsAsync("sam-support", DashboardRole.Support);
        await SeedAsync();
        var page = Render<AliasesPage>();
        page.WaitForAssertion(() => Assert.Equal("Active", page.Find("[data-address='jdoe@ubuntu.com']").GetAttribute("data-state")));
        Assert.Equal("", page.Find("[data-testid=aliases-live]").TextContent);
        var id = long.Parse(page.Find("[data-address='jdoe@ubuntu.com']").GetAttribute("data-id")!, CultureInfo.InvariantCulture);

        // An admin in another browser disables it: the Core service publishes after its commit.
        await using (var scope = Services.CreateAsyncScope())
        {
            Assert.Equal(AliasChangeOutcome.Done,
                await scope.ServiceProvider.GetRequiredService<AliasAdministration>().DisableAsync(id, "Reported", "ada-admin", CancellationToken.None));
        }

        page.WaitForAssertion(() => Assert.Equal("Disabled", page.Find("[data-address='jdoe@ubuntu.com']").GetAttribute("data-state")));
        var live = page.Find("[data-testid=aliases-live]");
        Assert.Equal(("polite", "The aliases were updated."), (live.GetAttribute("aria-live"), live.TextContent));
    }
}
