using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ForwardEmail.Dashboard.EndToEndTests.Pages;

/// <summary>The admin Roles page at /admin/roles.</summary>
public sealed class RolesPage(IPage page)
{
    public const string Path = "/admin/roles";

    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "Roles", Level = 1 });

    public ILocator Message => page.GetByTestId("roles-message");

    public ILocator Row(string username, string role) => page.Locator($"tr[data-testid=role-row][data-username='{username}'][data-role='{role}']");

    public async Task OpenAsync()
    {
        await page.GotoAsync(Path);
        await Expect(Heading).ToBeVisibleAsync();
        await new DashboardPage(page).ExpectInteractiveAsync();
    }

    /// <summary>Grants support (the form's default role) or admin.</summary>
    public async Task GrantAsync(string username, string role = "Support")
    {
        await page.Locator("#grant-username").FillAsync(username);
        if (role != "Support")
        {
            await page.GetByTestId("grant-role").ClickAsync();
            await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = role }).ClickAsync();
        }

        await page.GetByTestId("grant-submit").ClickAsync();
    }

    public async Task RevokeAsync(string username, string role) =>
        await Row(username, role).GetByTestId("revoke").ClickAsync();
}
