using System.Net;
using System.Text.Json;
using ForwardEmail.Dashboard.IntegrationTests.Infrastructure;
using ForwardEmail.Dashboard.Core.Data;
using ForwardEmail.Dashboard.Demo.Directory;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ForwardEmail.Dashboard.IntegrationTests.Foundation;

public sealed class AppStartupTests
{
    [Fact]
    public async Task Healthz_ReportsTheDatabaseHealthy_OnAFreshSqliteFile()
    {
        // In the in-process test server the demo directory has no real address, so a real one stands in (see HealthTests).
        await using var directory = await DemoDirectoryServer.StartAsync(DemoDirectoryData.Empty());
        using var app = new DashboardAppFactory(new Dictionary<string, string?> { ["Directory:BaseUrl"] = directory.BaseUrl.AbsoluteUri });
        using var client = app.CreateClient();

        var response = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
        Assert.Equal("Healthy", json.RootElement.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        Assert.True(File.Exists(app.Database.FilePath));
    }

    [Fact]
    public async Task Startup_PutsTheSqliteFileInWriteAheadLogMode_SoPagesReadWhileJobsWrite()
    {
        using var app = new DashboardAppFactory();
        using var client = app.CreateClient();
        (await client.GetAsync("/healthz")).EnsureSuccessStatusCode();

        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection(app.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";

        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());

        // The app's own connections sync the log at checkpoints, not at every commit (1 = NORMAL).
        var factory = app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        await db.Database.OpenConnectionAsync();
        await using var appCommand = db.Database.GetDbConnection().CreateCommand();
        appCommand.CommandText = "PRAGMA synchronous;";
        Assert.Equal(1L, (long?)await appCommand.ExecuteScalarAsync());
    }

    [Fact]
    public async Task DomainsPage_ListsTheSixSeededDomainsAndTheirTeams()
    {
        using var app = new DashboardAppFactory();
        using var client = app.CreateClient();

        var html = await client.GetStringAsync("/domains");

        foreach (var (domain, team) in Core.Data.DefaultData.DomainTeams)
        {
            Assert.Contains($">{domain}<", html, StringComparison.Ordinal);
            Assert.Contains($"~{team}<", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task DomainsPage_IsServedInArabic_RightToLeft_WhenTheCultureCookieSaysSo()
    {
        using var app = new DashboardAppFactory();
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("Cookie", ".AspNetCore.Culture=c%3Dar%7Cuic%3Dar");

        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/domains"));

        Assert.Contains("<html lang=\"ar\" dir=\"rtl\">", html, StringComparison.Ordinal);
        Assert.Contains("النطاقات", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CultureEndpoint_RedirectsOnlyToLocalPages()
    {
        using var app = new DashboardAppFactory();
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var local = await client.GetAsync("/culture/set?culture=th&returnUrl=%2Fdomains");
        var external = await client.GetAsync("/culture/set?culture=th&returnUrl=https%3A%2F%2Fevil.example%2F");
        var unknown = await client.GetAsync("/culture/set?culture=xx&returnUrl=%2F");

        Assert.Equal("/domains", local.Headers.Location?.OriginalString);
        Assert.Equal("/", external.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
    }

    [Theory]
    [InlineData("Database:StartupMigrationRetries", "99")]
    [InlineData("Database:ConnectionString", " ")]
    [InlineData("Jobs:WorkerCount", "0")]
    [InlineData("Jobs:Schedule:Reconciliation", "every night")]
    [InlineData("Jobs:Retry:Attempts", "-1")]
    [InlineData("Smtp:Port", "0")]
    [InlineData("Outbox:LeaseDuration", "00:00:01")]
    public async Task Startup_StopsWithAMessageNamingTheKey_WhenAnOptionIsInvalid(string key, string value)
    {
        var (exitCode, stderr) = await DashboardProcess.RunToExitAsync("Development", new Dictionary<string, string>
        {
            [key.Replace(":", "__", StringComparison.Ordinal)] = value,
        });

        Assert.Equal(78, exitCode);
        Assert.Contains($"Configuration key '{key}' is invalid", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Startup_FailsNamingTheKey_WhenAnEnumOptionHasAnUnknownValue()
    {
        using var app = new DashboardAppFactory(new Dictionary<string, string?> { ["Database:Provider"] = "Oracle" });

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("Database:Provider", error.ToString(), StringComparison.Ordinal);
    }
}
