using ForwardEmail.Dashboard.EndToEndTests.Infrastructure;
using ForwardEmail.Dashboard.EndToEndTests.Pages;
using ForwardEmail.Dashboard.TestFixtures;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ForwardEmail.Dashboard.EndToEndTests;

/// <summary>
/// The domain console in a browser, with its DNS checks against a real DNS server (unbound on loopback): an admin adds
/// and sets up a domain while a support person watches the same page update live, read-only.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DomainsConsoleTests(BrowserFixture browser, DomainsConsoleFixture console) : IClassFixture<DomainsConsoleFixture>
{
    private async Task<IPage> SignedInAsync(string persona)
    {
        var context = await browser.Browser.NewContextAsync(new() { BaseURL = console.Server.BaseUrl, Locale = "en-US", ViewportSize = new() { Width = 1280, Height = 900 } });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account");
        await new DemoSignInPage(page).SignInAsAsync(persona);
        await Expect(page.GetByTestId("account-username")).ToHaveTextAsync(persona);
        return page;
    }

    [Fact]
    public async Task Admin_AddsADomain_PublishesItsRecord_ChecksMapsATeamAndAddsAContact_WhileSupportWatchesReadOnly()
    {
        var admin = await SignedInAsync("ada-admin");
        await admin.GotoAsync("/admin/domains");
        await new DashboardPage(admin).ExpectInteractiveAsync();
        await admin.GetByTestId("add-domain-name").FillAsync("Lists.E2E.test");
        await admin.GetByTestId("add-domain-submit").ClickAsync();

        await Expect(admin.Locator("h1")).ToHaveTextAsync("lists.e2e.test");
        var record = admin.GetByTestId("txt-record");
        await Expect(record).ToContainTextAsync("forward-email-site-verification=");
        await Expect(admin.GetByTestId("verification-state")).ToHaveAttributeAsync("data-state", "Pending");
        var detailUrl = admin.Url;

        var support = await SignedInAsync("sam-support");
        await support.GotoAsync(detailUrl);
        await Expect(support.GetByTestId("txt-record")).ToHaveTextAsync(await record.TextContentAsync() ?? "");
        await new DashboardPage(support).ExpectInteractiveAsync();
        await Expect(support.GetByTestId("check-now")).ToHaveCountAsync(0);
        await Expect(support.GetByTestId("team-submit")).ToHaveCountAsync(0);
        await Expect(support.GetByTestId("contact-submit")).ToHaveCountAsync(0);
        await Expect(support.GetByTestId("toggle-enabled")).ToHaveCountAsync(0);

        // The admin publishes exactly what the page shows, then checks.
        await console.Dns.SetAsync("lists.e2e.test", $"TXT \"{await record.TextContentAsync()}\"", "MX 10 mx1.forward.example.", "TXT \"v=spf1 mx -all\"");
        await admin.GetByTestId("check-now").ClickAsync();
        await Expect(admin.GetByTestId("verification-state")).ToHaveAttributeAsync("data-state", "Verified");
        await Expect(admin.GetByTestId("mx-state")).ToHaveAttributeAsync("data-state", "Ok");
        await Expect(admin.GetByTestId("spf")).ToContainTextAsync("v=spf1 mx -all");

        await admin.GetByTestId("team-name").FillAsync("no-such-team");
        await admin.GetByTestId("team-submit").ClickAsync();
        await Expect(admin.GetByTestId("team")).ToContainTextAsync("Launchpad has no team ~no-such-team");
        await admin.GetByTestId("team-name").FillAsync("kubuntu-members");
        await admin.GetByTestId("team-submit").ClickAsync();
        await Expect(admin.GetByTestId("current-team")).ToContainTextAsync("~kubuntu-members");

        await admin.GetByTestId("contact-email").FillAsync("lists-admins@example.org");
        await admin.GetByTestId("contact-submit").ClickAsync();
        await Expect(admin.Locator("[data-testid=contact][data-email='lists-admins@example.org']")).ToBeVisibleAsync();
        await admin.GetByTestId("toggle-enabled").ClickAsync();
        await Expect(admin.GetByTestId("enabled-state")).ToHaveAttributeAsync("data-enabled", "True");
        await admin.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("domain-detail-admin.png"), FullPage = true });

        // Support's open page followed every change without a reload.
        await Expect(support.GetByTestId("verification-state")).ToHaveAttributeAsync("data-state", "Verified");
        await Expect(support.GetByTestId("current-team")).ToContainTextAsync("~kubuntu-members");
        await Expect(support.Locator("[data-testid=contact][data-email='lists-admins@example.org']")).ToBeVisibleAsync();
        await Expect(support.GetByTestId("enabled-state")).ToHaveAttributeAsync("data-enabled", "True");
        await support.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("domain-detail-support.png"), FullPage = true });

        await admin.GotoAsync("/admin/domains");
        var row = admin.Locator("[data-testid=admin-domain-row][data-domain='lists.e2e.test']");
        await Expect(row).ToHaveAttributeAsync("data-verification", "Verified");
        await Expect(admin.Locator("[data-testid=admin-domain-row][data-domain='community.example']")).ToHaveAttributeAsync("data-verification", "Pending");
        await admin.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("domains-admin.png"), FullPage = true });

        // The same detail page in Arabic: right to left, the record itself kept left to right.
        await admin.GotoAsync("/culture/set?culture=ar&returnUrl=" + Uri.EscapeDataString(new Uri(detailUrl).AbsolutePath));
        await Expect(admin.Locator("html[dir=rtl]")).ToHaveCountAsync(1);
        await Expect(admin.GetByTestId("txt-record")).ToHaveAttributeAsync("dir", "ltr");
        await Expect(admin.GetByTestId("check-now")).ToContainTextAsync("افحص الآن");
        await admin.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("domain-detail-ar.png"), FullPage = true });
    }

    [Fact]
    public async Task Contributor_IsRefusedTheDomainConsole()
    {
        var page = await SignedInAsync("pkowalski");

        await page.GotoAsync("/admin/domains");

        await Expect(page.GetByTestId("access-denied")).ToBeVisibleAsync();
    }
}

/// <summary>A dashboard (demo mode) whose DNS checks ask one unbound started for the class.</summary>
public sealed class DomainsConsoleFixture : IAsyncLifetime
{
    public UnboundDnsServer Dns { get; private set; } = default!;

    public DashboardServer Server { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        Dns = await UnboundDnsServer.StartAsync();
        Server = new DashboardServer(new Dictionary<string, string?>
        {
            ["Dns:NameServers:0"] = Dns.NameServer,
            ["Dns:Timeout"] = "00:00:02",
            ["Dns:ExpectedMxHosts:0"] = "mx1.forward.example",

            // A second app in the test process: no Hangfire server of its own (see StandardProviderFixture).
            ["Jobs:RunServer"] = "false",
        });
        Server.StartServer();
        await BrowserFixture.WarmUpAsync(Server.BaseUrl);
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await Dns.DisposeAsync();
    }
}
