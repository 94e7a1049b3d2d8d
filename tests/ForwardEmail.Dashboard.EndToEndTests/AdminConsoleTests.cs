using System.Text.RegularExpressions;
using System.Globalization;
using System.Security.Claims;
using ForwardEmail.Dashboard.Core.Admin;
using ForwardEmail.Dashboard.Core.Audit;
using ForwardEmail.Dashboard.Core.Data;
using ForwardEmail.Dashboard.Core.Domain;
using ForwardEmail.Dashboard.EndToEndTests.Infrastructure;
using ForwardEmail.Dashboard.EndToEndTests.Pages;
using ForwardEmail.Dashboard.Web.Features.Admin;
using ForwardEmail.Dashboard.Web.Features.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ForwardEmail.Dashboard.EndToEndTests;

/// <summary>
/// The admin console in a browser on the collection's server: an admin finds an alias by its recipient and disables it,
/// creates a role address, exports CSV, enables the alias again (a reason asked both ways) and bans a contributor;
/// support reads the same pages without a way to change them, and the console's handlers refuse support's changes on
/// the server. Each test seeds its own people.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AdminConsoleTests(BrowserFixture browser)
{
    private DashboardServer Server => browser.Server;

    private Task<IPage> SignedInAsync(string persona) => browser.SignedInAsync(persona);

    private Task<T> WithDbAsync<T>(Func<DashboardDbContext, Task<T>> action) => browser.WithDbAsync(action);

    /// <summary>A contributor with an enabled alias on ubuntu.com forwarding to <paramref name="recipient"/>.</summary>
    private Task<(int ContributorId, long AliasId)> SeedContributorAsync(string username, string recipient) => WithDbAsync(async db =>
    {
        var now = DateTimeOffset.UtcNow;
        var domain = await db.Domains.SingleAsync(d => d.Name == "ubuntu.com");
        var contributor = new Contributor { Subject = "e2e-sub-" + username, Username = username, Email = recipient, CreatedAt = now, UpdatedAt = now };
        var alias = new Alias { DomainId = domain.Id, Name = username, Owner = contributor, Recipients = [recipient], CreatedAt = now, UpdatedAt = now };
        db.Aliases.Add(alias);
        await db.SaveChangesAsync();
        return (contributor.Id, alias.Id);
    });

    private static async Task SearchAsync(IPage page, string text)
    {
        var search = page.GetByTestId("filter-search");
        await search.FillAsync(text);
        await search.PressAsync("Enter");
    }

    [Fact]
    public async Task Admin_FindsAnAliasByRecipient_DisablesItWithAReason_CreatesARoleAddress_ExportsWhatIsShown_AndEnablesItWithAReason()
    {
        await SeedContributorAsync("e2e-grid-owner", "grid-owner-e2e@example.org");
        var admin = await SignedInAsync("ada-admin");
        await admin.GotoAsync("/admin/aliases");
        await new DashboardPage(admin).ExpectInteractiveAsync();

        await SearchAsync(admin, "grid-owner-e2e@example.org");
        var row = admin.Locator("[data-testid=alias-row][data-address='e2e-grid-owner@ubuntu.com']");
        await Expect(admin.GetByTestId("alias-row")).ToHaveCountAsync(1);
        await Expect(row).ToHaveAttributeAsync("data-state", "Active");

        await row.GetByTestId("disable").ClickAsync();
        await row.GetByTestId("disable-reason").FillAsync("Spam complaints from three lists");
        await row.GetByTestId("confirm-disable").ClickAsync();
        await Expect(row).ToHaveAttributeAsync("data-state", "Disabled");
        await Expect(row.GetByTestId("disabled-reason")).ToContainTextAsync("admin-disabled");
        await Expect(row.GetByTestId("disabled-note")).ToContainTextAsync("Spam complaints from three lists");

        // A role address: refused while it would forward to itself, created with a real recipient.
        await admin.GetByTestId("manual-name").FillAsync("e2e-press");
        await admin.GetByTestId("manual-domain").SelectOptionAsync(new SelectOptionValue { Label = "ubuntu.com" });
        await admin.GetByTestId("manual-recipients").FillAsync("e2e-press@ubuntu.com");
        await admin.GetByTestId("manual-create").ClickAsync();
        await Expect(admin.GetByTestId("manual-message")).ToBeVisibleAsync();
        Assert.False(await WithDbAsync(db => db.Aliases.AnyAsync(a => a.Name == "e2e-press")));
        await admin.GetByTestId("manual-recipients").FillAsync("press-team@example.org");
        await admin.GetByTestId("manual-create").ClickAsync();
        await SearchAsync(admin, "e2e-press");
        var manual = admin.Locator("[data-testid=alias-row][data-address='e2e-press@ubuntu.com']");
        await Expect(manual).ToHaveAttributeAsync("data-origin", "Manual");
        await Expect(manual.GetByTestId("alias-recipient")).ToHaveTextAsync("press-team@example.org");
        await admin.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("admin-aliases.png"), FullPage = true });

        // The export link carries the filters on screen; the CSV read back holds exactly that row.
        await SearchAsync(admin, "grid-owner-e2e@example.org");
        await Expect(row).ToBeVisibleAsync();
        await Expect(admin.GetByTestId("alias-row")).ToHaveCountAsync(1);
        await Expect(admin.GetByTestId("export-csv")).ToHaveAttributeAsync("href", new Regex("search=grid-owner-e2e%40example.org"));
        var href = await admin.GetByTestId("export-csv").GetAttributeAsync("href");
        var response = await admin.APIRequest.GetAsync(href!);
        Assert.True(response.Ok, $"export answered {response.Status}");
        Assert.StartsWith("text/csv", response.Headers["content-type"], StringComparison.Ordinal);
        var lines = (await response.TextAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(2, lines.Length);
        Assert.Contains("e2e-grid-owner@ubuntu.com", lines[1], StringComparison.Ordinal);
        Assert.Contains("admin-disabled", lines[1], StringComparison.Ordinal);

        // Enabling asks for a reason too: refused beside the row without one (still disabled), done with one, audited.
        await row.GetByTestId("enable").ClickAsync();
        await row.GetByTestId("confirm-enable").ClickAsync();
        await Expect(row.GetByTestId("row-message")).ToBeVisibleAsync();
        await Expect(row).ToHaveAttributeAsync("data-state", "Disabled");
        await row.GetByTestId("enable-reason").FillAsync("Complaints were about another address");
        await row.GetByTestId("confirm-enable").ClickAsync();
        await Expect(row).ToHaveAttributeAsync("data-state", "Active");
        await Expect(row.GetByTestId("disabled-note")).ToHaveCountAsync(0);
        var enabled = await WithDbAsync(db => db.AuditEntries.AsNoTracking()
            .Where(e => e.Action == AuditActions.AliasAdminEnabled && e.Target == "e2e-grid-owner@ubuntu.com").ToListAsync());
        Assert.Contains("Complaints were about another address", Assert.Single(enabled).After, StringComparison.Ordinal);

        // The same grid in Arabic: right to left, the addresses kept left to right.
        await admin.GotoAsync("/culture/set?culture=ar&returnUrl=%2Fadmin%2Faliases");
        await Expect(admin.Locator("html[dir=rtl]")).ToHaveCountAsync(1);
        await new DashboardPage(admin).ExpectInteractiveAsync();
        await SearchAsync(admin, "grid-owner-e2e@example.org");
        await Expect(row.GetByTestId("alias-recipient")).ToHaveAttributeAsync("dir", "ltr");
        await admin.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("admin-aliases-ar.png"), FullPage = true });
    }

    [Fact]
    public async Task Admin_BansAContributorWithAReason_AndTheirAliasesAreDisabledAtOnce()
    {
        var (contributorId, aliasId) = await SeedContributorAsync("e2e-banned-soon", "banned-soon-e2e@example.org");
        var admin = await SignedInAsync("ada-admin");
        await admin.GotoAsync("/admin/contributors");
        await new DashboardPage(admin).ExpectInteractiveAsync();
        await SearchAsync(admin, "e2e-banned-soon");
        await admin.Locator("[data-testid=contributor-row][data-username='e2e-banned-soon'] [data-testid=contributor-link]").ClickAsync();
        await Expect(admin.GetByTestId("contributor-username")).ToHaveTextAsync("e2e-banned-soon");
        await new DashboardPage(admin).ExpectInteractiveAsync();

        // Without a reason nothing happens but a message.
        await admin.GetByTestId("ban").ClickAsync();
        await Expect(admin.GetByTestId("action-message")).ToBeVisibleAsync();
        await Expect(admin.GetByTestId("ban-state")).ToHaveAttributeAsync("data-banned", "false");

        await admin.GetByTestId("ban-reason").FillAsync("Harassment reported on the forum");
        await admin.GetByTestId("ban").ClickAsync();
        await Expect(admin.GetByTestId("ban-state")).ToHaveAttributeAsync("data-banned", "true");
        await Expect(admin.GetByTestId("ban-reason-shown")).ToHaveTextAsync("Harassment reported on the forum");
        var alias = await WithDbAsync(db => db.Aliases.AsNoTracking().SingleAsync(a => a.Id == aliasId));
        Assert.False(alias.IsEnabled);
        Assert.Equal("banned", alias.DisabledReason);
        await Expect(admin.GetByTestId("aliases-table")).ToContainTextAsync("e2e-banned-soon@ubuntu.com");
        await admin.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("admin-contributor-banned.png"), FullPage = true });

        await admin.GotoAsync("/admin/audit");
        await new DashboardPage(admin).ExpectInteractiveAsync();
        await Expect(admin.Locator("body")).ToContainTextAsync("e2e-banned-soon");
        await admin.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("admin-audit.png"), FullPage = true });
        Assert.True(await WithDbAsync(db => db.Contributors.AnyAsync(c => c.Id == contributorId && c.IsBanned)));
    }

    [Fact]
    public async Task Support_ReadsAliasesContributorsAndAudit_WithoutControls_AndTheHandlersRefuseTheirChanges()
    {
        var (contributorId, aliasId) = await SeedContributorAsync("e2e-read-only", "read-only-e2e@example.org");
        var support = await SignedInAsync("sam-support");
        await support.GotoAsync("/admin/aliases");
        await new DashboardPage(support).ExpectInteractiveAsync();
        await SearchAsync(support, "read-only-e2e@example.org");
        var row = support.Locator("[data-testid=alias-row][data-address='e2e-read-only@ubuntu.com']");
        await Expect(row).ToHaveAttributeAsync("data-state", "Active");
        await Expect(support.GetByTestId("disable")).ToHaveCountAsync(0);
        await Expect(support.GetByTestId("manual-alias")).ToHaveCountAsync(0);
        await Expect(support.GetByTestId("export-csv")).ToBeVisibleAsync();

        await support.GotoAsync($"/admin/contributors/{contributorId}");
        await Expect(support.GetByTestId("contributor-username")).ToHaveTextAsync("e2e-read-only");
        await Expect(support.GetByTestId("ban")).ToHaveCountAsync(0);
        await support.GotoAsync("/admin/audit");
        await Expect(support.Locator("h1")).ToBeVisibleAsync();
        await Expect(support.GetByTestId("access-denied")).ToHaveCountAsync(0);

        // The buttons are not only hidden: the handlers behind them refuse support's session on the server, and take an admin's.
        await using var scope = Server.Services.CreateAsyncScope();
        var console = scope.ServiceProvider.GetRequiredService<AdminConsole>();
        var sam = Session("demo-sam-support", "sam-support", "support");
        Assert.Equal(AliasChangeOutcome.NotAllowed, await console.DisableAliasAsync(sam, aliasId, "support tries", CancellationToken.None));
        Assert.Equal(AliasChangeOutcome.NotAllowed, (await console.CreateManualAliasAsync(sam, new ManualAliasRequest("e2e-sneaky", 1, "x@example.org"), CancellationToken.None)).Outcome);
        Assert.Equal(ContributorChangeOutcome.NotAllowed, (await console.BanAsync(sam, contributorId, "support tries", CancellationToken.None)).Outcome);
        Assert.True(await WithDbAsync(db => db.Aliases.AnyAsync(a => a.Id == aliasId && a.IsEnabled)));
        Assert.False(await WithDbAsync(db => db.Aliases.AnyAsync(a => a.Name == "e2e-sneaky")));

        // Provisioning someone again is support's own work (as Retry now on the error log); it changes only what the rules say.
        Assert.Equal(ContributorChangeOutcome.Done, (await console.ProvisionNowAsync(sam, contributorId, CancellationToken.None)).Outcome);

        var ada = Session("demo-ada-admin", "ada-admin", "admin");
        Assert.Equal(AliasChangeOutcome.Done, await console.DisableAliasAsync(ada, aliasId, "the admin may", CancellationToken.None));
        await support.GotoAsync("/admin/aliases");
        await SearchAsync(support, "read-only-e2e@example.org");
        await Expect(row).ToHaveAttributeAsync("data-state", "Disabled");
    }

    /// <summary>The claims a demo sign-in session carries: subject, username and the provider's role, fresh.</summary>
    private static ClaimsPrincipal Session(string subject, string username, string providerRole)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim(DashboardClaimTypes.Subject, subject),
            new Claim(DashboardClaimTypes.Username, username),
            new Claim(DashboardClaimTypes.ProviderRole, providerRole),
            new Claim(DashboardClaimTypes.SessionStartedAt, now),
            new Claim(DashboardClaimTypes.ProviderRolesAt, now),
        ], "e2e"));
    }
}
