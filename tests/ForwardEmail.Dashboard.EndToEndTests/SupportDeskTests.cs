using System.Text.RegularExpressions;
using ForwardEmail.Dashboard.Core.Data;
using ForwardEmail.Dashboard.Core.Domain;
using ForwardEmail.Dashboard.Core.Provisioning;
using ForwardEmail.Dashboard.Demo.Directory;
using ForwardEmail.Dashboard.EndToEndTests.Infrastructure;
using ForwardEmail.Dashboard.EndToEndTests.Pages;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ForwardEmail.Dashboard.EndToEndTests;

/// <summary>
/// The support desk in a browser on the collection's server, which runs a Hangfire server: support triages an error
/// while an admin's open page follows it live, Retry now runs the real background job, an admin decides removal reviews,
/// and Hangfire refuses support's job commands on the server. Each test seeds its own people and domain, so nothing
/// another test class looks at changes.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SupportDeskTests(BrowserFixture browser)
{
    /// <summary>What the issue asks of live updates: an action in one session visible in another within two seconds.</summary>
    private static readonly LocatorAssertionsToHaveAttributeOptions WithinTwoSeconds = new() { Timeout = 2_000 };

    private DashboardServer Server => browser.Server;

    private Task<IPage> SignedInAsync(string persona) => browser.SignedInAsync(persona);

    private Task<T> WithDbAsync<T>(Func<DashboardDbContext, Task<T>> action) => browser.WithDbAsync(action);

    [Fact]
    public async Task Support_AcknowledgesAnnotatesRetriesAndResolves_WhileAnAdminsOpenPageFollowsWithinTwoSeconds()
    {
        // Someone Launchpad does not know yet signs up: provisioning logs account-not-found for them.
        const string username = "e2e-latecomer";
        var contributorId = await WithDbAsync(async db =>
        {
            var contributor = new Contributor
            {
                Subject = "e2e-sub-latecomer", Username = username, Email = "latecomer@example.org",
                CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
            };
            db.Contributors.Add(contributor);
            await db.SaveChangesAsync();
            return contributor.Id;
        });
        await using (var scope = Server.Services.CreateAsyncScope())
        {
            var result = await scope.ServiceProvider.GetRequiredService<ProvisioningService>()
                .ProvisionAsync(contributorId, ProvisioningTrigger.Claim, username, CancellationToken.None);
            Assert.Equal("account-not-found", result.Error?.Code);
        }

        var support = await SignedInAsync("sam-support");
        var admin = await SignedInAsync("ada-admin");
        await support.GotoAsync("/support/errors");
        await admin.GotoAsync("/support/errors");
        await new DashboardPage(support).ExpectInteractiveAsync();
        await new DashboardPage(admin).ExpectInteractiveAsync();
        var row = support.Locator($"[data-testid=error-row][data-username='{username}'][data-kind=account-not-found]");
        var adminRow = admin.Locator($"[data-testid=error-row][data-username='{username}'][data-kind=account-not-found]");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(adminRow).ToHaveAttributeAsync("data-status", "Open");
        var errorId = await row.GetAttributeAsync("data-id");
        var details = support.Locator($"[data-testid=error-details][data-id='{errorId}']");
        var adminDetails = admin.Locator($"[data-testid=error-details][data-id='{errorId}']");

        await row.GetByTestId("acknowledge").ClickAsync();
        await Expect(row).ToHaveAttributeAsync("data-status", "Acknowledged");
        await Expect(adminRow).ToHaveAttributeAsync("data-status", "Acknowledged", WithinTwoSeconds);

        // The admin starts typing a note of their own; support's changes refresh the admin's page without losing it.
        await admin.Locator($"#note-{errorId}").FillAsync("half-typed by the admin");
        await support.Locator($"#note-{errorId}").FillAsync("Asked them to create their Launchpad account.");
        await details.GetByTestId("add-note").ClickAsync();
        await Expect(details.GetByTestId("note")).ToContainTextAsync("Asked them to create their Launchpad account.");
        await Expect(adminDetails.GetByTestId("note")).ToContainTextAsync("Asked them to create their Launchpad account.", new() { Timeout = 2_000 });
        await Expect(admin.Locator($"#note-{errorId}")).ToHaveValueAsync("half-typed by the admin");
        await Expect(admin.GetByTestId("errors-live")).Not.ToBeEmptyAsync();

        // The directory entry is fixed; Retry now runs the provisioning job on the Hangfire server until it ends.
        var directory = Server.Services.GetRequiredService<DemoDirectoryData>();
        directory.AddPerson(username);
        directory.AddToTeam(username, "ubuntumembers");
        await row.GetByTestId("retry-now").ClickAsync();
        await Expect(details.GetByTestId("retry-state")).ToHaveAttributeAsync("data-state", "Succeeded");
        await Expect(row).ToHaveAttributeAsync("data-status", "Resolved");
        await Expect(adminRow).ToHaveAttributeAsync("data-status", "Resolved", WithinTwoSeconds);
        Assert.True(await WithDbAsync(db => db.Aliases.AnyAsync(a => a.OwnerId == contributorId && a.Name == username && a.IsEnabled)));
        await support.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("support-errors.png"), FullPage = true });

        // Reopened and resolved by hand; every step is in the audit trail under support's name.
        await row.GetByTestId("reopen").ClickAsync();
        await Expect(adminRow).ToHaveAttributeAsync("data-status", "Open", WithinTwoSeconds);
        await row.GetByTestId("resolve").ClickAsync();
        await Expect(row).ToHaveAttributeAsync("data-status", "Resolved");
        var actions = await WithDbAsync(db => db.AuditEntries
            .Where(a => a.Actor == "sam-support" && a.TargetType == "error" && a.Target.StartsWith(errorId + " "))
            .OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
        Assert.Equal(["error.acknowledged", "error.note-added", "error.retry-requested", "error.resolved-by-retry", "error.reopened", "error.resolved"], actions);

        // The same page in Arabic: right to left, addresses and the note kept readable.
        await support.GotoAsync("/culture/set?culture=ar&returnUrl=%2Fsupport%2Ferrors");
        await Expect(support.Locator("html[dir=rtl]")).ToHaveCountAsync(1);
        await Expect(support.Locator("h1")).ToHaveTextAsync("سجل الأخطاء");
        await Expect(details.GetByTestId("note")).ToContainTextAsync("Asked them to create their Launchpad account.");
        await support.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("support-errors-ar.png"), FullPage = true });
    }

    [Fact]
    public async Task Admin_ConfirmsAHeldRemovalAndDismissesAnEmptyListing_SupportIsRefusedThePage()
    {
        var (shareReview, emptyReview, aliasIds) = await SeedReviewsAsync();

        var support = await SignedInAsync("sam-support");
        await support.GotoAsync("/admin/reviews");
        await Expect(support.GetByTestId("access-denied")).ToBeVisibleAsync();

        var admin = await SignedInAsync("ada-admin");
        await admin.GotoAsync("/admin/reviews");
        await new DashboardPage(admin).ExpectInteractiveAsync();
        var share = admin.Locator($"[data-testid=review][data-review-id='{shareReview}']");
        var empty = admin.Locator($"[data-testid=review][data-review-id='{emptyReview}']");
        await Expect(share.GetByTestId("review-alias")).ToHaveCountAsync(2);
        await Expect(share.GetByTestId("review-aliases")).ToContainTextAsync("e2e-held-1@reviews.e2e.test");
        await Expect(share.GetByTestId("review-counts")).ToContainTextAsync("2");
        await Expect(empty.GetByTestId("review-confirm")).ToHaveCountAsync(0);
        await admin.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("removal-reviews.png"), FullPage = true });
        await admin.GotoAsync("/culture/set?culture=ar&returnUrl=%2Fadmin%2Freviews");
        await Expect(admin.Locator("h1")).ToHaveTextAsync("مراجعات الإزالة");
        await Expect(share.GetByTestId("review-alias").First.Locator("td").First).ToHaveAttributeAsync("dir", "ltr");
        await admin.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("removal-reviews-ar.png"), FullPage = true });
        await admin.GotoAsync("/culture/set?culture=en&returnUrl=%2Fadmin%2Freviews");
        await new DashboardPage(admin).ExpectInteractiveAsync();

        await share.GetByTestId("review-confirm").ClickAsync();
        await Expect(admin.GetByTestId("review-message")).ToContainTextAsync("Confirmed.");
        await empty.GetByTestId("review-dismiss").ClickAsync();
        await Expect(admin.GetByTestId("review-message")).ToContainTextAsync("Dismissed.");

        var reviews = await WithDbAsync(db => db.RemovalReviews.Where(r => r.Id == shareReview || r.Id == emptyReview).OrderBy(r => r.Id).ToListAsync());
        Assert.Equal([(RemovalReviewStatus.Confirmed, "ada-admin"), (RemovalReviewStatus.Dismissed, "ada-admin")], reviews.Select(r => (r.Status, r.DecidedBy)));
        Assert.Equal(aliasIds, reviews[0].AffectedAliasIds);

        // A confirmation is applied by the next reconciliation; until then nobody's address has been disabled.
        Assert.True(await WithDbAsync(db => db.Aliases.Where(a => aliasIds.Contains(a.Id)).AllAsync(a => a.IsEnabled)));
    }

    [Fact]
    public async Task Support_ReadsTheJobsPage_AndHangfireRefusesTheirCommandsOnTheServer_WhileAnAdminDeletesAJob()
    {
        var jobs = Server.Services.GetRequiredService<IBackgroundJobClient>();
        var forSupport = jobs.Schedule(() => Console.WriteLine("e2e: support may not delete this"), TimeSpan.FromDays(2));
        var forAdmin = jobs.Schedule(() => Console.WriteLine("e2e: the admin deletes this"), TimeSpan.FromDays(2));

        var support = await SignedInAsync("sam-support");
        await support.GotoAsync("/support/jobs");
        await new DashboardPage(support).ExpectInteractiveAsync();
        await Expect(support.GetByTestId("recurring-job").First).ToBeVisibleAsync();
        await Expect(support.Locator($"[data-testid=job-list][data-state=Scheduled] [data-job-id='{forSupport}']")).ToBeVisibleAsync();
        await Expect(support.GetByTestId("trigger")).ToHaveCountAsync(0);
        await Expect(support.GetByTestId("delete")).ToHaveCountAsync(0);

        // Not only hidden: Hangfire's own command endpoint, posted with support's session and a valid token, refuses.
        var refused = await PostHangfireCommandAsync(support, "/hangfire/jobs/scheduled/delete", forSupport);
        Assert.True(refused.Status is 401 or 403, $"support's delete answered {refused.Status}");
        Assert.Equal("Scheduled", JobState(forSupport));

        var admin = await SignedInAsync("ada-admin");
        var allowed = await PostHangfireCommandAsync(admin, "/hangfire/jobs/scheduled/delete", forSupport);
        Assert.True(allowed.Ok, $"the admin's delete answered {allowed.Status}");
        Assert.Equal("Deleted", JobState(forSupport));

        // The admin acts from the dashboard's own page; support's open page follows.
        await admin.GotoAsync("/support/jobs");
        await new DashboardPage(admin).ExpectInteractiveAsync();
        var adminRow = admin.Locator($"[data-testid=job-list][data-state=Scheduled] [data-job-id='{forAdmin}']");
        var supportRow = support.Locator($"[data-testid=job-list][data-state=Scheduled] [data-job-id='{forAdmin}']");
        await Expect(supportRow).ToBeVisibleAsync();
        await adminRow.GetByTestId("delete").ClickAsync();
        await Expect(admin.GetByTestId("job-message")).ToBeVisibleAsync();
        Assert.Equal("Deleted", JobState(forAdmin));
        await Expect(supportRow).ToHaveCountAsync(0, new() { Timeout = 2_000 });
        await Expect(support).ToHaveURLAsync(new Regex("/support/jobs$"));
        await support.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("support-jobs.png"), FullPage = true });

        await support.GotoAsync("/culture/set?culture=th&returnUrl=%2Fsupport%2Fjobs");
        await Expect(support.Locator("html[lang=th]")).ToHaveCountAsync(1);
        await Expect(support.Locator("h1")).ToHaveTextAsync("งานเบื้องหลัง");
        await support.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("support-jobs-th.png"), FullPage = true });
    }

    private string? JobState(string jobId) =>
        Server.Services.GetRequiredService<JobStorage>().GetConnection().GetJobData(jobId)?.State;

    /// <summary>Posts one of Hangfire's dashboard commands as the page's user, with the CSRF token Hangfire's own pages carry.</summary>
    private static async Task<IAPIResponse> PostHangfireCommandAsync(IPage signedIn, string path, string jobId)
    {
        // A second tab of the same session, so the page under test stays where it is.
        var page = await signedIn.Context.NewPageAsync();
        await page.GotoAsync("/hangfire/jobs/scheduled");
        var header = await page.Locator("meta[name=csrf-header]").GetAttributeAsync("content");
        var token = await page.Locator("meta[name=csrf-token]").GetAttributeAsync("content");
        var form = page.APIRequest.CreateFormData();
        form.Append("jobs[]", jobId);
        var headers = new Dictionary<string, string>();
        if (!string.IsNullOrEmpty(header) && !string.IsNullOrEmpty(token))
        {
            headers[header] = token;
        }

        var response = await page.APIRequest.PostAsync(path, new() { Form = form, Headers = headers });
        await page.CloseAsync();
        return response;
    }

    /// <summary>
    /// A domain of its own (disabled, so no reconciliation another test runs touches it) with two contributors' aliases
    /// and two held reviews: a share over the threshold listing both aliases, and an empty team listing.
    /// </summary>
    private Task<(int Share, int Empty, List<long> AliasIds)> SeedReviewsAsync() => WithDbAsync(async db =>
    {
        var now = DateTimeOffset.UtcNow;
        var domain = new MailDomain
        {
            Name = "reviews.e2e.test", VerificationCode = "e2e-" + Guid.NewGuid().ToString("N"), IsEnabled = false, CreatedAt = now, UpdatedAt = now,
        };
        db.Domains.Add(domain);
        var aliases = new List<Alias>();
        foreach (var name in new[] { "e2e-held-1", "e2e-held-2" })
        {
            var owner = new Contributor { Subject = "e2e-sub-" + name, Username = name, Email = name + "@example.org", CreatedAt = now, UpdatedAt = now };
            db.Contributors.Add(owner);
            aliases.Add(new Alias { Domain = domain, Name = name, Owner = owner, Recipients = [owner.Email], CreatedAt = now, UpdatedAt = now });
        }

        db.Aliases.AddRange(aliases);
        await db.SaveChangesAsync();
        var ids = aliases.Select(a => a.Id).ToList();
        var share = new RemovalReview
        {
            DomainId = domain.Id, TeamName = "e2e-held-team", Reason = ReconciliationService.ShareExceededReason, AffectedAliases = 2,
            AffectedAliasIds = ids, EnabledAliases = 2, CreatedAt = now, ExpiresAt = now.AddDays(3),
        };
        var empty = new RemovalReview
        {
            DomainId = domain.Id, TeamName = "e2e-held-team", Reason = ReconciliationService.EmptyListingReason, AffectedAliases = 2,
            AffectedAliasIds = ids, EnabledAliases = 2, CreatedAt = now.AddMinutes(1), ExpiresAt = now.AddDays(3),
        };
        db.RemovalReviews.AddRange(share, empty);
        await db.SaveChangesAsync();
        return (share.Id, empty.Id, ids);
    });
}
