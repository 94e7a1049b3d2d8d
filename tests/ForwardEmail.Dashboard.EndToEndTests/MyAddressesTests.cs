using ForwardEmail.Dashboard.EndToEndTests.Infrastructure;
using ForwardEmail.Dashboard.EndToEndTests.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ForwardEmail.Dashboard.EndToEndTests;

/// <summary>
/// A newcomer signs in with a demo persona and claims their addresses on /my-addresses, against the in-app demo
/// directory. Each test uses its own persona, so the order of tests on the shared server does not matter.
/// Screenshots go to <c>E2E_SCREENSHOTS</c> (default: <c>screenshots</c> under the temp folder).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class MyAddressesTests(BrowserFixture fixture)
{
    private static readonly string ScreenshotFolder =
        Environment.GetEnvironmentVariable("E2E_SCREENSHOTS") ?? Path.Combine(Path.GetTempPath(), "screenshots");

    [Fact]
    public async Task EligibleContributor_ClaimsFromTheStartPage_AndGetsAnAddressOnEachOfTheirTeamsDomains()
    {
        var page = await fixture.NewPageAsync();
        var dashboard = new DashboardPage(page);
        var myAddresses = new MyAddressesPage(page);
        await dashboard.GoToAsync("/");
        await dashboard.SignInAsync("amira-h");

        // Her identity provider says locale "ar": the dashboard opens in Arabic; she switches to English first.
        await Expect(page.Locator("html[lang=ar][dir=rtl]")).ToHaveCountAsync(1);
        await page.GotoAsync("/culture/set?culture=en&returnUrl=%2F");
        await Expect(page.Locator("html[lang=en][dir=ltr]")).ToHaveCountAsync(1);
        await Expect(myAddresses.NavLink).ToBeVisibleAsync();

        await myAddresses.OpenFromStartPageAsync();
        await myAddresses.ExpectShownAsync();
        await Expect(myAddresses.NoAliases).ToBeVisibleAsync();
        await myAddresses.ClaimAsync();

        await Expect(myAddresses.Outcome("ubuntu.com")).ToContainTextAsync("amira-h@ubuntu.com");
        await Expect(myAddresses.Outcome("ubuntu.com")).ToContainTextAsync("Created. It forwards to your email.");
        await Expect(myAddresses.Outcome("edubuntu.org")).ToContainTextAsync("amira-h@edubuntu.org");
        await Expect(myAddresses.Outcome("edubuntu.org")).ToContainTextAsync("Created. It forwards to your email.");
        await Expect(myAddresses.Outcome("kubuntu.org")).ToContainTextAsync("You are not a member of this domain's team.");
        await Expect(myAddresses.Error).ToHaveCountAsync(0);
        await Expect(myAddresses.AliasRows).ToHaveCountAsync(2);
        await Expect(myAddresses.AliasRow("amira-h@ubuntu.com")).ToContainTextAsync("amira.hassan@example.org");
        await Expect(myAddresses.AliasRow("amira-h@edubuntu.org")).ToContainTextAsync("Active");
        await ScreenshotAsync(page, "my-addresses-amira-h.png");

        // The same page in Arabic, right to left; a second claim changes nothing.
        await page.GotoAsync("/culture/set?culture=ar&returnUrl=%2Fmy-addresses");
        await Expect(page.Locator("html[dir=rtl]")).ToHaveCountAsync(1);
        await myAddresses.ExpectShownAsync();
        await Expect(myAddresses.Heading).ToHaveTextAsync("عناويني");
        await myAddresses.ClaimAsync();
        await Expect(myAddresses.Outcome("ubuntu.com")).ToContainTextAsync("محدَّث بالفعل.");
        await Expect(myAddresses.AliasRows).ToHaveCountAsync(2);
        await ScreenshotAsync(page, "my-addresses-amira-h-ar.png");
    }

    [Fact]
    public async Task ContributorWithoutTheCodeOfConduct_IsToldToSignIt_AndGetsNoAddress()
    {
        var page = await fixture.NewPageAsync();
        var myAddresses = await SignInAndOpenAsync(page, "jdoe");

        await myAddresses.ClaimAsync();

        await Expect(myAddresses.Error).ToHaveAttributeAsync("data-kind", "coc-not-signed");
        await Expect(myAddresses.Error).ToContainTextAsync("You have not signed the Ubuntu Code of Conduct yet");
        await Expect(myAddresses.CodeOfConductLink).ToHaveAttributeAsync("href", "https://launchpad.net/codeofconduct");
        await Expect(myAddresses.CodeOfConductLink).ToHaveTextAsync("Sign the Ubuntu Code of Conduct on Launchpad");
        await Expect(page.GetByTestId("outcome")).ToHaveCountAsync(0);
        await Expect(myAddresses.AliasRows).ToHaveCountAsync(0);
        await Expect(myAddresses.NoAliases).ToBeVisibleAsync();
        await ScreenshotAsync(page, "my-addresses-jdoe.png");
    }

    [Fact]
    public async Task ContributorInNoMappedTeam_IsToldWhichTeamsToJoin()
    {
        var page = await fixture.NewPageAsync();
        var myAddresses = await SignInAndOpenAsync(page, "pkowalski");

        await myAddresses.ClaimAsync();

        await Expect(myAddresses.Error).ToHaveAttributeAsync("data-kind", "not-in-team");
        await Expect(myAddresses.Error).ToContainTextAsync("Join one of these teams on Launchpad");
        await Expect(myAddresses.TeamsToJoin).ToHaveTextAsync(
            ["~ubuntumembers", "~kubuntu-members", "~lubuntu-members", "~edubuntu-members", "~ubuntustudio-core", "~ubuntu-smtp-test"]);
        await Expect(myAddresses.TeamsToJoin.First.Locator("a")).ToHaveAttributeAsync("href", "https://launchpad.net/~ubuntumembers");
        await Expect(myAddresses.Outcome("kubuntu.org").GetByRole(AriaRole.Link)).ToHaveAttributeAsync("href", "https://launchpad.net/~kubuntu-members");
        await Expect(myAddresses.AliasRows).ToHaveCountAsync(0);
    }

    private static async Task<MyAddressesPage> SignInAndOpenAsync(IPage page, string persona)
    {
        var dashboard = new DashboardPage(page);
        var myAddresses = new MyAddressesPage(page);
        await dashboard.GoToAsync("/");
        await dashboard.SignInAsync(persona);
        await myAddresses.OpenFromNavigationAsync();
        return myAddresses;
    }

    private static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotFolder, name), FullPage = true });
    }
}
