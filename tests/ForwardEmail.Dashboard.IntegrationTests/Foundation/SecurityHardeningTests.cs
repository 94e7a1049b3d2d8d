using System.Net;
using ForwardEmail.Dashboard.Core.Data;
using ForwardEmail.Dashboard.IntegrationTests.Infrastructure;
using ForwardEmail.Dashboard.Web.Features.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ForwardEmail.Dashboard.IntegrationTests.Foundation;

/// <summary>Headers, return URLs, the error page, protected keys and the demo switch, through the real pipeline.</summary>
public sealed class SecurityHardeningTests
{
    /// <summary>Settings a production start needs besides what appsettings.json has.</summary>
    private static readonly Dictionary<string, string?> Production = new()
    {
        ["Authentication:Oidc:Authority"] = "https://login.example.org/",
        ["Authentication:Oidc:ClientId"] = "dashboard",
        ["Notifications:TeamAddress"] = "team@example.org",
    };

    [Theory]
    [InlineData("/")]
    [InlineData("/healthz")]
    [InlineData("/hangfire")]
    [InlineData("/account/access-denied")]
    [InlineData("/assets/dashboard.css")]
    [InlineData("/no-such-page")]
    public async Task EveryResponse_CarriesTheSecurityHeaders(string path)
    {
        using var app = new DashboardAppFactory();
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync(path);

        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("object-src 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("strict-origin-when-cross-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Equal("SAMEORIGIN", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.False(response.Headers.Contains("Server"));
    }

    [Fact]
    public async Task TheContentSecurityPolicy_LetsFormsContinueToTheIdentityProvider_Only()
    {
        using var app = new DashboardAppFactory(new Dictionary<string, string?> { ["Authentication:Oidc:Authority"] = "https://login.example.org/realms/ubuntu" });
        using var client = app.CreateClient();

        var response = await client.GetAsync("/healthz");

        Assert.Contains("form-action 'self' https://login.example.org;", Assert.Single(response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Production_SendsHstsForOneYear_OverHttps()
    {
        using var app = new DashboardAppFactory(Production, "Production");
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://dashboard.example.org/") });

        var response = await client.GetAsync("/healthz");

        Assert.Equal("max-age=31536000", Assert.Single(response.Headers.GetValues("Strict-Transport-Security")));
    }

    [Fact]
    public async Task Production_ShowsTheErrorPage_WhenARequestFails()
    {
        using var app = new DashboardAppFactory(Production, "Production");
        using var failing = app.WithWebHostBuilder(builder => builder.ConfigureServices(services =>
            services.AddTransient<IStartupFilter, FailingEndpointFilter>()));
        using var client = failing.CreateClient();

        var response = await client.GetAsync("/boom");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("data-testid=\"error-heading\">Something went wrong</h1>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", html, StringComparison.Ordinal);
        Assert.True(response.Headers.Contains("Content-Security-Policy"));
    }

    [Theory]
    [InlineData("/%09/evil.example")]
    [InlineData("/%0d%0aSet-Cookie:%20x=y")]
    [InlineData("/%E2%82%AC")]
    [InlineData("/caf%C3%A9")]
    [InlineData("//evil.example")]
    [InlineData("/%5Cevil.example")]
    [InlineData("https%3A%2F%2Fevil.example%2F")]
    public async Task CultureEndpoint_SendsATamperedReturnUrlHome_InsteadOfFailing(string returnUrl)
    {
        using var app = new DashboardAppFactory();
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync($"/culture/set?culture=th&returnUrl={returnUrl}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task FrontChannelSignOut_IsOff_ByDefault()
    {
        using var app = new DashboardAppFactory();
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync("/signout-oidc");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("?iss=http%3A%2F%2Flocalhost%3A5000%2F")]
    [InlineData("?sid=abc")]
    public async Task FrontChannelSignOut_WhenOn_RefusesARequestWithoutIssuerAndSession(string query)
    {
        using var app = new DashboardAppFactory(new Dictionary<string, string?> { ["Authentication:Session:FrontChannelSignOut"] = "true" });
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync("/signout-oidc" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task DataProtectionKeys_AreStoredEncryptedWithTheCertificate_NeverInTheClear()
    {
        using var app = new DashboardAppFactory();
        var protector = app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test");
        var secret = protector.Protect("session");

        var factory = app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var key = Assert.Single(await db.DataProtectionKeys.Select(k => k.Xml).ToListAsync()) ?? "";
        Assert.Contains("<encryptedSecret", key, StringComparison.Ordinal);
        Assert.Contains("EncryptedXmlDecryptor", key, StringComparison.Ordinal);
        Assert.Contains("<X509Certificate>", key, StringComparison.Ordinal);
        Assert.DoesNotContain("<value>", key, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(app.Database.Folder, DataProtectionCertificates.GeneratedFileName)));
        Assert.Equal("session", protector.Unprotect(secret));
    }

    [Fact]
    public void DataProtectionKeys_WrittenUnderOneStart_AreReadByTheNext()
    {
        using var database = new TempSqliteDatabase();
        var settings = new Dictionary<string, string?> { ["Database:ConnectionString"] = database.ConnectionString, ["Demo:DataFolder"] = database.Folder };
        string secret;
        using (var first = new DashboardAppFactory(settings))
        {
            secret = first.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("session");
        }

        using var second = new DashboardAppFactory(settings);
        Assert.Equal("session", second.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(secret));
    }

    [Fact]
    public async Task DemoMode_RefusesToStartOutsideDevelopment_NamingBothKeys()
    {
        var (exitCode, stderr) = await RunDashboardAsync("Production", new() { ["Demo__Enabled"] = "true" });

        Assert.Equal(78, exitCode);
        Assert.Contains("Configuration key 'Demo:Enabled' is invalid", stderr, StringComparison.Ordinal);
        Assert.Contains("'Demo:AllowOutsideDevelopment'", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SqlServer_RefusesToStartWithoutADataProtectionCertificate()
    {
        var (exitCode, stderr) = await RunDashboardAsync("Production", new()
        {
            ["Database__Provider"] = "SqlServer",
            ["Database__ConnectionString"] = "Server=127.0.0.1,1;Database=x;User Id=x;Password=x;TrustServerCertificate=True;Connect Timeout=1",
            ["Database__MigrateOnStart"] = "false",
        });

        Assert.Equal(78, exitCode);
        Assert.Contains("Configuration key 'DataProtection:CertificatePath' is invalid", stderr, StringComparison.Ordinal);
    }

    /// <summary>A production-like start: what appsettings.json lacks outside Development, plus <paramref name="variables"/>.</summary>
    private static Task<(int ExitCode, string Stderr)> RunDashboardAsync(string environment, Dictionary<string, string> variables)
    {
        variables.TryAdd("Authentication__Oidc__Authority", "https://login.example.org/");
        variables.TryAdd("Authentication__Oidc__ClientId", "dashboard");
        variables.TryAdd("Notifications__TeamAddress", "team@example.org");
        return DashboardProcess.RunToExitAsync(environment, variables);
    }

    /// <summary>Adds a request that throws, behind the app's own pipeline (so the exception handler sees it).</summary>
    private sealed class FailingEndpointFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Run(context => context.Request.Path == "/boom"
                ? throw new InvalidOperationException("boom")
                : Task.CompletedTask);
        };
    }
}
