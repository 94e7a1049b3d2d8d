using System.Globalization;
using System.Security.Claims;
using Bunit;
using ForwardEmail.Dashboard.Core.Domain;
using ForwardEmail.Dashboard.Core.Errors;
using ForwardEmail.Dashboard.Core.Jobs;
using ForwardEmail.Dashboard.Core.Live;
using ForwardEmail.Dashboard.Core.Mail;
using ForwardEmail.Dashboard.Core.Provisioning;
using ForwardEmail.Dashboard.Web.Features.Auth;
using ForwardEmail.Dashboard.Web.Features.Support;
using ForwardEmail.Dashboard.Web.Features.Support.ErrorLog;
using ForwardEmail.Dashboard.Web.Tests.Features.MyAddresses;
using Hangfire;
using Hangfire.InMemory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ForwardEmail.Dashboard.Web.Tests.Features.Support;

/// <summary>The error log page with the real support desk services over in-memory SQLite and Hangfire's in-memory storage.</summary>
public sealed class ErrorLogPageTests() : MyAddressesTestContext("en", AddSupportDesk)
{
    internal static void AddSupportDesk(IServiceCollection services)
    {
        services.AddHangfire(c => c.UseInMemoryStorage(new InMemoryStorageOptions()));
        services.AddSingleton(Options.Create(new OidcOptions()));
        services.AddSingleton(Options.Create(new BootstrapAuthorizationOptions()));
        services.AddSingleton(Options.Create(new DashboardSessionOptions()));
        services.AddSingleton<RoleLookup>();
        services.AddScoped<ErrorTriageService>();
        services.AddScoped<FailedOutboxService>();
        services.AddScoped<RemovalReviewService>();
        services.AddScoped<BackgroundJobsMonitor>();
        services.AddScoped<SupportDesk>();
    }

    private async Task<ClaimsPrincipal> SignInSupportAsync()
    {
        var me = await SignInAsync("sam-support", "sam@example.org");
        await using (var db = CreateDb())
        {
            db.RoleAssignments.Add(new RoleAssignment { ContributorId = me.Id, Role = DashboardRole.Support, GrantedBy = "test", GrantedAt = Now });
            await db.SaveChangesAsync();
        }

        Authorization.SetAuthorized("sam-support").SetRoles(nameof(DashboardRole.Support)).SetPolicies(DashboardPolicies.Support).SetClaims(
            new Claim(DashboardClaimTypes.Username, "sam-support"),
            new Claim(DashboardClaimTypes.Subject, me.Subject),
            new Claim(DashboardClaimTypes.SessionStartedAt, DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));
        return new ClaimsPrincipal();
    }

    private async Task<long> RecordAsync(string username, ProvisioningErrorKind kind)
    {
        await using var scope = Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<ErrorLogService>().RecordAsync(
            new ErrorReport(kind, "directory", $"{username} failed", "sub-" + username, Username: username, Email: $"{username}@example.org"), CancellationToken.None);
        return result.EntryId;
    }

    [Fact]
    public async Task Lists_groups_filters_by_kind_and_acknowledges_on_the_server()
    {
        await SignInSupportAsync();
        await RecordAsync("ghost", ProvisioningErrorKind.AccountNotFound);
        await RecordAsync("jdoe", ProvisioningErrorKind.CocNotSigned);

        var page = Render<ErrorLogPage>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=error-row]").Count));

        await page.Find("[data-testid=filter-kind]").ChangeAsync(new() { Value = "coc-not-signed" });
        page.WaitForAssertion(() => Assert.Equal("jdoe", Assert.Single(page.FindAll("[data-testid=error-row]")).GetAttribute("data-username")));

        await page.Find("[data-testid=acknowledge]").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Equal("Acknowledged", page.Find("[data-testid=error-row]").GetAttribute("data-status")));
        Assert.Empty(page.FindAll("[data-testid=acknowledge]"));
        Assert.Single(page.FindAll("[data-testid=reopen]"));
    }

    [Fact]
    public async Task A_refresh_from_elsewhere_keeps_a_note_being_typed_and_is_announced()
    {
        await SignInSupportAsync();
        var id = await RecordAsync("ghost", ProvisioningErrorKind.AccountNotFound);
        var page = Render<ErrorLogPage>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=error-row]")));
        await page.Find("input[data-testid=note-text]").InputAsync(new() { Value = "half-written note" });

        // Another session resolves the group.
        await using (var scope = Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ErrorTriageService>().ResolveAsync(id, "ada-admin", CancellationToken.None);
        }

        page.WaitForAssertion(() => Assert.Equal("Resolved", page.Find("[data-testid=error-row]").GetAttribute("data-status")));
        Assert.Equal("half-written note", page.Find("input[data-testid=note-text]").GetAttribute("value"));
        Assert.Equal("The error log was updated.", page.Find("[data-testid=errors-live]").TextContent);

        await page.Find("[data-testid=add-note]").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Contains("half-written note", page.Find("[data-testid=note]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bad_dates_give_a_message_and_an_empty_log_says_so()
    {
        await SignInSupportAsync();
        var page = Render<ErrorLogPage>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=no-errors]")));
        Assert.Single(page.FindAll("[data-testid=no-failed-mail]"));

        await page.Find("[data-testid=filter-from]").ChangeAsync(new() { Value = "01/12/2026" });
        page.WaitForAssertion(() => Assert.Contains("year-month-day", page.Find("[data-testid=filter-message]").TextContent, StringComparison.Ordinal));
    }
}
