using System.Globalization;
using System.Security.Claims;
using Bunit;
using ForwardEmail.Dashboard.Core.Domain;
using ForwardEmail.Dashboard.Web.Features.Auth;
using ForwardEmail.Dashboard.Web.Features.Support.Jobs;
using ForwardEmail.Dashboard.Web.Tests.Features.MyAddresses;
using Hangfire;
using Hangfire.States;
using Microsoft.Extensions.DependencyInjection;

namespace ForwardEmail.Dashboard.Web.Tests.Features.Support;

/// <summary>The background jobs page over Hangfire's in-memory storage: support reads, admins act.</summary>
public sealed class JobsPageTests() : MyAddressesTestContext("en", ErrorLogPageTests.AddSupportDesk)
{
    private async Task SignInAsAsync(string username, DashboardRole role, params string[] policies)
    {
        var me = await SignInAsync(username, username + "@example.org");
        await using (var db = CreateDb())
        {
            db.RoleAssignments.Add(new RoleAssignment { ContributorId = me.Id, Role = role, GrantedBy = "test", GrantedAt = Now });
            await db.SaveChangesAsync();
        }

        Authorization.SetAuthorized(username).SetRoles(role.ToString()).SetPolicies(policies).SetClaims(
            new Claim(DashboardClaimTypes.Username, username),
            new Claim(DashboardClaimTypes.Subject, me.Subject),
            new Claim(DashboardClaimTypes.SessionStartedAt, DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));
    }

    private void Schedule()
    {
        Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate("nightly-check", () => Console.WriteLine("check"), "0 3 * * *");
        var jobs = Services.GetRequiredService<IBackgroundJobClient>();
        var failed = jobs.Create(() => NotRetriedJob.Run(), new EnqueuedState());
        jobs.ChangeState(failed, new FailedState(new InvalidOperationException("directory answered 503")));
    }

    [Fact]
    public async Task Support_sees_the_schedule_and_the_failures_without_any_action()
    {
        await SignInAsAsync("sam-support", DashboardRole.Support, DashboardPolicies.Support);
        Schedule();

        var page = Render<JobsPage>();

        page.WaitForAssertion(() => Assert.Equal("nightly-check", page.Find("[data-testid=recurring-job]").GetAttribute("data-job-id")));
        Assert.Contains("0 3 * * *", page.Find("[data-testid=recurring-job]").TextContent);
        // In the user's culture like every other time of the console, not Hangfire's ISO form (ICU puts a narrow
        // no-break space before AM).
        Assert.Matches(@"^\d{1,2}/\d{1,2}/\d{4} 3:00 AM UTC$", page.Find("[data-testid=next-run]").TextContent.Trim().Replace('\u202F', ' '));
        Assert.Contains("Failed: 1", page.Find("[data-testid=count][data-state=Failed]").TextContent);
        Assert.Contains("directory answered 503", page.Find("[data-testid=job-list][data-state=Failed]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=trigger]"));
        Assert.Empty(page.FindAll("[data-testid=requeue]"));
        Assert.Empty(page.FindAll("[data-testid=delete]"));
        Assert.Equal("/hangfire", page.Find("[data-testid=hangfire-link]").GetAttribute("href"));
    }

    [Fact]
    public async Task An_admin_runs_a_recurring_job_now_and_requeues_a_failed_one()
    {
        await SignInAsAsync("ada-admin", DashboardRole.Admin, DashboardPolicies.Admin, DashboardPolicies.Support);
        Schedule();
        var page = Render<JobsPage>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=trigger]")));

        await page.Find("[data-testid=trigger]").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Equal("Done.", page.Find("[data-testid=job-message]").TextContent));
        page.WaitForAssertion(() => Assert.Contains("Enqueued: 1", page.Find("[data-testid=count][data-state=Enqueued]").TextContent));

        await page.Find("[data-testid=requeue]").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Contains("Failed: 0", page.Find("[data-testid=count][data-state=Failed]").TextContent));
        Assert.Contains("Enqueued: 2", page.Find("[data-testid=count][data-state=Enqueued]").TextContent);
    }
}

/// <summary>A job Hangfire must not retry: without the attribute its retry filter turns the failure into a scheduled retry.</summary>
public static class NotRetriedJob
{
    [AutomaticRetry(Attempts = 0)]
    public static void Run()
    {
    }
}
