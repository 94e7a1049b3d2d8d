using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ForwardEmail.Dashboard.EndToEndTests.Pages;

/// <summary>The contributor's own page at /my-addresses.</summary>
public sealed class MyAddressesPage(IPage page)
{
    public const string Path = "/my-addresses";

    public ILocator NavLink => page.GetByTestId("nav-my-addresses");

    public ILocator StartPageLink => page.GetByTestId("go-to-my-addresses");

    public ILocator Heading => page.Locator("h1");

    public ILocator ClaimButton => page.GetByTestId("claim");

    public ILocator Result => page.GetByTestId("claim-result");

    public ILocator Error => page.GetByTestId("claim-error");

    public ILocator CodeOfConductLink => page.GetByTestId("coc-link");

    public ILocator TeamsToJoin => page.GetByTestId("teams-to-join").Locator("li");

    public ILocator AliasRows => page.GetByTestId("alias-row");

    public ILocator NoAliases => page.GetByTestId("no-aliases");

    public ILocator Outcome(string domain) => page.Locator($"[data-testid=outcome][data-domain='{domain}']");

    public ILocator AliasRow(string address) => page.Locator($"[data-testid=alias-row][data-address='{address}']");

    public Task OpenFromNavigationAsync() => FollowAsync(NavLink);

    public Task OpenFromStartPageAsync() => FollowAsync(StartPageLink);

    /// <summary>Waits for the circuit, so the claim button reacts.</summary>
    public async Task ExpectShownAsync()
    {
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/my-addresses$"));
        await Expect(ClaimButton).ToBeVisibleAsync();
        await new DashboardPage(page).ExpectInteractiveAsync();
    }

    /// <summary>
    /// A link clicked while the circuit starts can change the URL without the interactive router following it,
    /// so the click waits for the circuit first.
    /// </summary>
    private async Task FollowAsync(ILocator link)
    {
        await new DashboardPage(page).ExpectInteractiveAsync();
        await link.ClickAsync();
        await ExpectShownAsync();
    }

    /// <summary>Claims and waits until the run has finished (the button is enabled again and a result is shown).</summary>
    public async Task ClaimAsync()
    {
        await ClaimButton.ClickAsync();
        await Expect(Result.Locator("h2")).ToBeVisibleAsync();
        await Expect(ClaimButton).ToBeEnabledAsync();
    }
}
