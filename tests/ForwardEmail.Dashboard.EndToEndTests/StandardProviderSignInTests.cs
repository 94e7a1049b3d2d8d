using ForwardEmail.Dashboard.Core.Data;
using ForwardEmail.Dashboard.EndToEndTests.Infrastructure;
using ForwardEmail.Dashboard.EndToEndTests.Pages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ForwardEmail.Dashboard.EndToEndTests;

/// <summary>
/// The dashboard signed in through a standard OpenID Connect provider that nobody on the team wrote (panva/oidc-provider),
/// with accounts an attacker could choose at a provider that lets people pick their own username.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class StandardProviderSignInTests(BrowserFixture browser, StandardProviderFixture provider) : IClassFixture<StandardProviderFixture>
{
    [Fact]
    public async Task AKelvinSignLookAlikeUsername_TakesOverNothing_AndTheRealOwnerKeepsTheirAlias()
    {
        var owner = await provider.SignedInPageAsync(browser, StandardProviderFixture.Owner);
        var ownerPage = new MyAddressesPage(owner);
        await owner.GotoAsync(MyAddressesPage.Path);
        await ownerPage.ExpectShownAsync();
        await ownerPage.ClaimButton.ClickAsync();
        await Expect(ownerPage.AliasRow("kwame@kubuntu.org")).ToBeVisibleAsync();

        var attacker = await provider.SignedInPageAsync(browser, StandardProviderFixture.Attacker);
        var attackerPage = new MyAddressesPage(attacker);
        await attacker.GotoAsync(MyAddressesPage.Path);
        await attackerPage.ExpectShownAsync();
        await attackerPage.ClaimButton.ClickAsync();

        await Expect(attackerPage.Error).ToHaveAttributeAsync("data-kind", "invalid-user");
        await Expect(attackerPage.AliasRows).ToHaveCountAsync(0);
        await using var db = await provider.Server.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        var people = await db.Contributors.OrderBy(c => c.Subject).Select(c => new { c.Subject, c.Username }).ToListAsync();
        Assert.Contains(new { Subject = StandardProviderFixture.Owner, Username = (string?)"kwame" }, people);
        Assert.Contains(new { Subject = StandardProviderFixture.Attacker, Username = (string?)null }, people);
        var alias = await db.Aliases.Where(a => a.Name == "kwame" && a.Domain!.Name == "kubuntu.org").Select(a => new { a.Recipients, a.IsEnabled, Owner = a.Owner!.Subject }).SingleAsync();
        Assert.Equal(["kwame.owner@example.org"], alias.Recipients);
        Assert.True(alias.IsEnabled);
        Assert.Equal(StandardProviderFixture.Owner, alias.Owner);

        // The owner's page still says so after the attacker's attempt.
        await owner.ReloadAsync();
        await Expect(ownerPage.AliasRow("kwame@kubuntu.org")).ToContainTextAsync("kwame.owner@example.org");
    }

    [Fact]
    public async Task A20000CharacterName_SignsIn_WithTheNameShortened_AndASmallCookie()
    {
        var page = await provider.SignedInPageAsync(browser, StandardProviderFixture.LongName);

        await Expect(page.GetByTestId("user-menu-button")).ToContainTextAsync("NNNN");
        var cookies = await page.Context.CookiesAsync();
        var session = cookies.Where(c => c.Name.StartsWith(Web.Features.Auth.AuthServiceCollectionExtensions.CookieName, StringComparison.Ordinal)).ToList();
        var cookie = Assert.Single(session);
        Assert.True(cookie.Value.Length < 4000, $"session cookie is {cookie.Value.Length} characters");
        await using var db = await provider.Server.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        var name = await db.Contributors.Where(c => c.Subject == StandardProviderFixture.LongName).Select(c => c.DisplayName).SingleAsync();
        Assert.Equal(256, name!.Length);
    }

    [Fact]
    public async Task ARoleRemovedAtTheProvider_StopsWorking_WithinTheMaximumAge_WithoutSigningOut()
    {
        var page = await provider.SignedInPageAsync(browser, StandardProviderFixture.ProviderAdmin);
        var dashboard = new DashboardPage(page);
        await page.GotoAsync(RolesPage.Path);
        await Expect(page.GetByTestId("grant-username")).ToBeVisibleAsync();

        provider.Provider.SetClaim(StandardProviderFixture.ProviderAdmin, "roles", Array.Empty<string>());

        // Each load past the maximum age (5 s here) goes through the provider with prompt=none and comes back; poll
        // until the roles it brings back no longer include admin.
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (true)
        {
            await page.GotoAsync(RolesPage.Path);
            await Expect(page.GetByTestId("grant-username").Or(dashboard.AccessDenied)).ToBeVisibleAsync();
            if (await dashboard.AccessDenied.IsVisibleAsync())
            {
                break;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, "The role removed at the provider still worked after 30 s.");
            await page.WaitForTimeoutAsync(500);
        }

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("^" + System.Text.RegularExpressions.Regex.Escape(provider.Server.BaseUrl)));
        await dashboard.ExpectSignedInAsAsync("Prisha Admin");
    }

    [Theory]
    [InlineData("%2F%09%2Fevil.example")]
    [InlineData("%2F%0D%0ASet-Cookie%3A%20x%3Dy")]
    [InlineData("%2Fcaf%C3%A9")]
    [InlineData("https%3A%2F%2Fevil.example%2F")]
    [InlineData("%2F%2Fevil.example")]
    public async Task ATamperedReturnUrl_EndsOnTheHomePage_BeforeAndAfterSignIn(string returnUrl)
    {
        var context = await browser.Browser.NewContextAsync(new() { BaseURL = provider.Server.BaseUrl, Locale = "en-US" });
        var page = await context.NewPageAsync();

        await page.GotoAsync($"/account/signin?returnUrl={returnUrl}");
        await StandardOidcLogin.SignInAsAsync(page, StandardProviderFixture.Owner);
        await Expect(page).ToHaveURLAsync(provider.Server.BaseUrl + "/");

        var again = await page.GotoAsync($"/account/signin?returnUrl={returnUrl}");
        await Expect(page).ToHaveURLAsync(provider.Server.BaseUrl + "/");
        Assert.Equal(200, again!.Status);
        await context.CloseAsync();
    }

    [Fact]
    public async Task Pages_RunUnderTheContentSecurityPolicy_WithoutViolations_AndKestrelSendsNoServerHeader()
    {
        var page = await provider.SignedInPageAsync(browser, StandardProviderFixture.CspAdmin);
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                violations.Add(message.Text);
            }
        };

        await page.GotoAsync(MyAddressesPage.Path);
        var myAddresses = new MyAddressesPage(page);
        await myAddresses.ExpectShownAsync();
        await page.GotoAsync("/hangfire");
        await Expect(page.Locator("h1.page-header")).ToBeVisibleAsync();
        await page.GotoAsync(HangfirePage.ScheduledPath);
        await Expect(page.Locator("h1.page-header")).ToBeVisibleAsync();

        Assert.Empty(violations);
        using var http = new HttpClient();
        var response = await http.GetAsync(provider.Server.BaseUrl + "/healthz");
        Assert.False(response.Headers.Contains("Server"));
        Assert.True(response.Headers.Contains("Content-Security-Policy"));
    }
}

/// <summary>One dashboard (demo directory, real SQLite) signing in through one oidc-provider process, for the class.</summary>
public sealed class StandardProviderFixture : IAsyncLifetime
{
    public const string Owner = "owner-kwame";
    public const string Attacker = "attacker";
    public const string LongName = "long-name";
    public const string ProviderAdmin = "provider-admin";
    public const string CspAdmin = "csp-admin";

    private readonly Dictionary<string, string?> _settings = new()
    {
        ["Authentication:Oidc:AdminRoleValues:0"] = "forward-email-admin",
        ["Authentication:Session:ProviderRoleMaxAge"] = "00:00:05",

        // A second app in the test process needs no background jobs; with a Hangfire server of its own, its shutdown at
        // the end of the class overran the host's timeout in CI (Hangfire also keeps its storage in a static).
        ["Jobs:RunServer"] = "false",
    };

    public StandardProviderFixture()
    {
        Server = new DashboardServer(_settings);
        Provider = new StandardOidcProvider(Server.BaseUrl, new Dictionary<string, Dictionary<string, object>>
        {
            // kwame is a demo-directory member of ~kubuntu-members (Data/personas.json).
            [Owner] = new() { ["preferred_username"] = "kwame", ["email"] = "kwame.owner@example.org", ["name"] = "Kwame Owner" },
            // U+212A KELVIN SIGN: ToLowerInvariant() makes it "kwame".
            [Attacker] = new() { ["preferred_username"] = "\u212Awame", ["email"] = "attacker@example.net", ["name"] = "Not Kwame" },
            [LongName] = new() { ["preferred_username"] = "somchai", ["email"] = "somchai@example.org", ["name"] = new string('N', 20_000) },
            [ProviderAdmin] = new() { ["preferred_username"] = "amira-h", ["email"] = "amira@example.org", ["name"] = "Prisha Admin", ["roles"] = new[] { "forward-email-admin" } },
            [CspAdmin] = new() { ["preferred_username"] = "ada-admin", ["email"] = "ada@example.org", ["name"] = "Ada Admin", ["roles"] = new[] { "forward-email-admin" } },
        });
        foreach (var (key, value) in Provider.DashboardSettings())
        {
            _settings[key] = value;
        }
    }

    public DashboardServer Server { get; }

    public StandardOidcProvider Provider { get; }

    public async Task InitializeAsync()
    {
        Server.StartServer();
        await BrowserFixture.WarmUpAsync(Server.BaseUrl);
    }

    /// <summary>A fresh browser context signed in as <paramref name="accountId"/> at the standard provider.</summary>
    public async Task<IPage> SignedInPageAsync(BrowserFixture browser, string accountId)
    {
        var context = await browser.Browser.NewContextAsync(new() { BaseURL = Server.BaseUrl, Locale = "en-US", ViewportSize = new() { Width = 1280, Height = 900 } });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/signin?returnUrl=%2Faccount");
        await StandardOidcLogin.SignInAsAsync(page, accountId);
        await Expect(page).ToHaveURLAsync(Server.BaseUrl + "/account");
        return page;
    }

    public async Task DisposeAsync()
    {
        await Provider.DisposeAsync();
        await Server.DisposeAsync();
    }
}
