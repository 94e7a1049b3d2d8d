using ForwardEmail.Dashboard.Core.Data;
using ForwardEmail.Dashboard.EndToEndTests.Pages;
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
        await WarmUpAsync(Server.BaseUrl);

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

    /// <summary>
    /// The first render of each page compiles a lot; on a busy two-core machine that alone can take longer than a
    /// browser navigation may. Pages that every test class opens are asked for once, without a browser, first.
    /// </summary>
    public static async Task WarmUpAsync(string baseUrl)
    {
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(120) };
        foreach (var path in new[] { "/", "/domains", "/account/access-denied", "/account/signin-failed" })
        {
            using var response = await http.GetAsync(path);
        }
    }

    /// <summary>Where screenshots go: <c>E2E_SCREENSHOTS</c>, or <c>screenshots</c> under the temp folder.</summary>
    public static string ScreenshotPath(string fileName)
    {
        var folder = Environment.GetEnvironmentVariable("E2E_SCREENSHOTS") ?? Path.Combine(Path.GetTempPath(), "screenshots");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, fileName);
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
        await Server.DisposeAsync();
    }

    /// <summary>A fresh browser context signed in through the demo identity provider as <paramref name="persona"/>.</summary>
    public async Task<IPage> SignedInAsync(string persona)
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/account");
        await new DemoSignInPage(page).SignInAsAsync(persona);
        await Assertions.Expect(page.GetByTestId("account-username")).ToHaveTextAsync(persona);
        return page;
    }

    /// <summary>Reads or seeds the server's database directly, as another process would.</summary>
    public async Task<T> WithDbAsync<T>(Func<DashboardDbContext, Task<T>> action)
    {
        await using var scope = Server.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<DashboardDbContext>());
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
