using System.Diagnostics;
using System.Text.Json;

namespace ForwardEmail.Dashboard.EndToEndTests.Infrastructure;

/// <summary>
/// A standard OpenID Connect provider that is not the dashboard's demo one: panva/oidc-provider (npm, tests/oidc-provider)
/// in its own Node.js process on a loopback port, with accounts this test class defines in a JSON file it may rewrite.
/// </summary>
public sealed class StandardOidcProvider : IAsyncDisposable
{
    public const string ClientId = "forward-email-dashboard-e2e";

    private readonly string _accountsFile = Path.Combine(Path.GetTempPath(), "fed-e2e-oidc", Guid.NewGuid().ToString("N") + ".json");
    private readonly Dictionary<string, Dictionary<string, object>> _accounts = [];
    private readonly Process _process;

    public StandardOidcProvider(string dashboardBaseUrl, IReadOnlyDictionary<string, Dictionary<string, object>> accounts)
    {
        var folder = TestFixtures.RepositoryPaths.Combine("tests", "oidc-provider");
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "oidc-provider")))
        {
            throw new InvalidOperationException($"Run 'npm ci' in {folder} first (.ci/test.sh does).");
        }

        foreach (var (id, claims) in accounts)
        {
            _accounts[id] = claims;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(_accountsFile)!);
        WriteAccounts();
        var port = TestFixtures.LoopbackPort.Free();
        Issuer = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("node", ["server.js"])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["ISSUER"] = Issuer,
                ["ACCOUNTS_FILE"] = _accountsFile,
                ["CLIENT_ID"] = ClientId,
                ["REDIRECT_URI"] = dashboardBaseUrl + "/signin-oidc",
                ["POST_LOGOUT_REDIRECT_URI"] = dashboardBaseUrl + "/signout-callback-oidc",
            },
        };
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("listening", StringComparison.Ordinal) == true)
            {
                listening.TrySetResult();
            }
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine("[oidc-provider] " + e.Data);
            }
        };
        _process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("oidc-provider exited before listening"));
        _process.EnableRaisingEvents = true;
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        listening.Task.WaitAsync(TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
    }

    /// <summary>e.g. <c>http://127.0.0.1:41234</c>: also the authority the dashboard is configured with.</summary>
    public string Issuer { get; }

    /// <summary>The dashboard settings that point it at this provider instead of the demo one.</summary>
    public Dictionary<string, string?> DashboardSettings() => new()
    {
        ["Authentication:Oidc:Authority"] = Issuer,
        ["Authentication:Oidc:ClientId"] = ClientId,
        ["Authentication:Oidc:RequireHttpsMetadata"] = "false",
    };

    /// <summary>Changes what the provider says about an account from its next authorization on.</summary>
    public void SetClaim(string accountId, string claim, object value)
    {
        _accounts[accountId][claim] = value;
        WriteAccounts();
    }

    private void WriteAccounts() => File.WriteAllText(_accountsFile, JsonSerializer.Serialize(_accounts));

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        File.Delete(_accountsFile);
    }
}

/// <summary>The login form of oidc-provider's development interactions (any password).</summary>
public static class StandardOidcLogin
{
    public static async Task SignInAsAsync(Microsoft.Playwright.IPage page, string accountId)
    {
        await page.Locator("input[name=login]").FillAsync(accountId);
        await page.Locator("input[name=password]").FillAsync("any");
        await page.Locator("button[type=submit]").ClickAsync();
    }
}
