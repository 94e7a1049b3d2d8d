using ForwardEmail.Dashboard.EndToEndTests.Infrastructure;
using ForwardEmail.Dashboard.EndToEndTests.Pages;
using static Microsoft.Playwright.Assertions;

namespace ForwardEmail.Dashboard.EndToEndTests;

/// <summary>
/// Walks the persona picker, the admin's home page and the Roles page, and saves screenshots of them to the folder in
/// <c>E2E_SCREENSHOTS</c> (default: <c>screenshots</c> under the temp folder) for a person to look at.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ScreenshotTests(BrowserFixture fixture)
{
    [Fact]
    public async Task PersonaPicker_AdminHome_AndRolesPage_RenderTheirContent()
    {
        var folder = Environment.GetEnvironmentVariable("E2E_SCREENSHOTS") ?? Path.Combine(Path.GetTempPath(), "screenshots");
        Directory.CreateDirectory(folder);
        var page = await fixture.NewPageAsync();
        var dashboard = new DashboardPage(page);

        await page.GotoAsync("/account/signin?returnUrl=%2F");
        var picker = new DemoSignInPage(page);
        await picker.ExpectShownAsync();
        await Expect(picker.Personas).ToHaveCountAsync(15);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, "persona-picker.png"), FullPage = true });

        await picker.SignInAsAsync("ada-admin");
        await dashboard.ExpectSignedInAsAsync("Ada");
        await dashboard.ExpectInteractiveAsync();
        await Expect(dashboard.RolesLink).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, "home-admin.png") });

        var roles = new RolesPage(page);
        await roles.OpenAsync();
        await roles.GrantAsync("ada-admin", "Support");
        await Expect(roles.Message).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, "roles-page.png"), FullPage = true });

        await page.GotoAsync("/culture/set?culture=ar&returnUrl=%2Fadmin%2Froles");
        await Expect(page.Locator("html[dir=rtl]")).ToHaveCountAsync(1);
        await Expect(roles.Row("ada-admin", "Support")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, "roles-page-ar.png"), FullPage = true });
    }
}
