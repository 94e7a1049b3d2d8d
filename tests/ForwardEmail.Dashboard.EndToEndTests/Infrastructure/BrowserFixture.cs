using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace ForwardEmail.Dashboard.EndToEndTests.Infrastructure;

/// <summary>One app and one headless Chromium for the whole collection; each test gets a fresh browser context.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public DashboardServer Server { get; } = new();

    public IPlaywright Playwright { get; private set; } = default!;

    public IBrowser Browser { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        Server.StartServer();

        // Something on Hangfire's scheduled list, whose command buttons show whether the dashboard is read-only.
        Server.Services.GetRequiredService<IBackgroundJobClient>().Schedule(() => Console.WriteLine("e2e"), TimeSpan.FromDays(1));
        Assertions.SetDefaultExpectTimeout(15_000);
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("E2E_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run",
            ],
        });
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
        await Server.DisposeAsync();
    }

    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Server.BaseUrl,
            Locale = "en-US",
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Dashboard in a browser";
}
