using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ForwardEmail.Dashboard.EndToEndTests.Pages;

/// <summary>What every dashboard page has: the app bar's user menu or sign-in button, and the navigation.</summary>
public sealed class DashboardPage(IPage page)
{
    public ILocator SignInButton => page.GetByTestId("sign-in");

    public ILocator UserMenuButton => page.GetByTestId("user-menu-button");

    public ILocator AccessDenied => page.GetByTestId("access-denied");

    public ILocator RolesLink => page.GetByTestId("nav-roles");

    public ILocator JobsLink => page.GetByTestId("nav-jobs");

    public Task GoToAsync(string path) => page.GotoAsync(path);

    /// <summary>Waits for the circuit: before it, the app bar is prerendered HTML that does not react to clicks.</summary>
    public Task ExpectInteractiveAsync() =>
        Expect(page.Locator("[data-testid=user-area][data-interactive=true]")).ToHaveCountAsync(1);

    /// <summary>Signs in from the app bar, going through the demo provider.</summary>
    public async Task SignInAsync(string persona)
    {
        await ExpectInteractiveAsync();
        await SignInButton.ClickAsync();
        await new DemoSignInPage(page).SignInAsAsync(persona);
        await Expect(UserMenuButton).ToBeVisibleAsync();
    }

    public async Task ExpectSignedInAsAsync(string displayName) =>
        await Expect(UserMenuButton).ToContainTextAsync(displayName);

    public async Task SignOutAsync()
    {
        await ExpectInteractiveAsync();
        await UserMenuButton.ClickAsync();
        await page.GetByTestId("sign-out").ClickAsync();
        await Expect(SignInButton).ToBeVisibleAsync();
    }
}
