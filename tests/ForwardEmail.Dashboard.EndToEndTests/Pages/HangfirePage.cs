using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ForwardEmail.Dashboard.EndToEndTests.Pages;

/// <summary>Hangfire's scheduled jobs list: admins get its command buttons, read-only viewers do not.</summary>
public sealed class HangfirePage(IPage page)
{
    public const string ScheduledPath = "/hangfire/jobs/scheduled";

    public ILocator ScheduledHeading => page.Locator("h1.page-header");

    /// <summary>"Enqueue now" and "Delete": rendered only when the dashboard is not read-only.</summary>
    public ILocator CommandButtons => page.Locator("button.js-jobs-list-command");

    public async Task OpenScheduledAsync()
    {
        await page.GotoAsync(ScheduledPath);
    }

    public async Task ExpectReadOnlyAsync()
    {
        await Expect(ScheduledHeading).ToBeVisibleAsync();
        await Expect(page.Locator("tr.js-jobs-list-row")).Not.ToHaveCountAsync(0);
        await Expect(CommandButtons).ToHaveCountAsync(0);
    }

    public async Task ExpectFullAccessAsync()
    {
        await Expect(ScheduledHeading).ToBeVisibleAsync();
        await Expect(page.Locator("tr.js-jobs-list-row")).Not.ToHaveCountAsync(0);
        await Expect(CommandButtons).Not.ToHaveCountAsync(0);
    }
}
