using System.Globalization;
using System.Security.Claims;
using ForwardEmail.Dashboard.Core.Domain;
using ForwardEmail.Dashboard.Core.Errors;
using ForwardEmail.Dashboard.Core.Jobs;
using ForwardEmail.Dashboard.Core.Live;
using ForwardEmail.Dashboard.Core.Provisioning;
using ForwardEmail.Dashboard.IntegrationTests.Infrastructure;
using ForwardEmail.Dashboard.IntegrationTests.Jobs;
using ForwardEmail.Dashboard.Web.Features.Auth;
using ForwardEmail.Dashboard.Web.Features.Support;
using Hangfire;
using Hangfire.InMemory;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ForwardEmail.Dashboard.IntegrationTests.Support;

/// <summary>The support desk's services on the real provisioning stack, the demo directory and an in-memory Hangfire storage.</summary>
[Collection(HangfireCollection.Name)]
public sealed class SupportDeskTests
{
    // An app host that ran earlier in the process (AppStartupTests, AliasExportEndpointTests) left its disposed logger factory
    // as Hangfire's process-wide log provider.
    public SupportDeskTests() => JobsTestServers.SilenceHangfireLogging();

    private static Task<ProvisioningTestHost> StartAsync(Action<Demo.Directory.DemoDirectoryData>? directory = null) =>
        ProvisioningTestHost.StartAsync(directory, services: services =>
        {
            services.AddHangfire(c => c.UseInMemoryStorage(new InMemoryStorageOptions()));
            services.AddSingleton<BackgroundJobsMonitor>();
            services.AddScoped<ProvisionContributorJob>();
            services.AddSingleton(Options.Create(new OidcOptions()));
            services.AddSingleton(Options.Create(new BootstrapAuthorizationOptions { BootstrapAdmins = ["ada-admin"] }));
            services.AddSingleton(Options.Create(new DashboardSessionOptions()));
            services.AddSingleton<RoleLookup>();
            services.AddScoped<Core.Mail.FailedOutboxService>();
            services.AddScoped<SupportDesk>();
        });

    private static ClaimsPrincipal Person(string username) => new(new ClaimsIdentity(
    [
        new Claim(DashboardClaimTypes.Subject, "sub-" + username),
        new Claim(DashboardClaimTypes.Username, username),
        new Claim(DashboardClaimTypes.SessionStartedAt, ProvisioningTestHost.Start.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
    ], "test"));

    private static async Task<ClaimsPrincipal> SupportPersonAsync(ProvisioningTestHost host)
    {
        await host.AddRoleHolderAsync("sam-support", "sam@example.org", DashboardRole.Support);
        return Person("sam-support");
    }

    [Fact]
    public async Task Support_triages_annotates_and_retries_a_person_whose_entry_was_fixed()
    {
        await using var host = await StartAsync();
        var support = await SupportPersonAsync(host);
        var contributorId = await host.AddContributorAsync("latecomer", "late@example.org", subject: "sub-late");
        var failed = await host.ProvisionAsync(contributorId);
        Assert.Equal("account-not-found", failed.Error?.Code);
        var error = Assert.Single(await host.ErrorLogAsync(), e => e.ContributorId == contributorId);

        var outcomes = await host.WithServiceAsync<SupportDesk, TriageOutcome[]>(async desk =>
        [
            await desk.AcknowledgeAsync(support, error.Id, CancellationToken.None),
            await desk.AcknowledgeAsync(support, error.Id, CancellationToken.None),
            await desk.AddNoteAsync(support, error.Id, "   ", CancellationToken.None),
            await desk.AddNoteAsync(support, error.Id, new string('x', ErrorLogNote.MaxLength + 1), CancellationToken.None),
            await desk.AddNoteAsync(support, error.Id, "Asked them to create the Launchpad account.", CancellationToken.None),
            await desk.AcknowledgeAsync(support, 999_999, CancellationToken.None),
        ]);
        Assert.Equal([TriageOutcome.Done, TriageOutcome.Unchanged, TriageOutcome.InvalidNote, TriageOutcome.InvalidNote, TriageOutcome.Done, TriageOutcome.NotFound], outcomes);
        var row = await host.WithServiceAsync<ErrorTriageService, ErrorGroupRow?>(s => s.GetAsync(error.Id, CancellationToken.None));
        Assert.Equal(ErrorStatus.Acknowledged, row!.Status);
        var note = Assert.Single(row.Notes);
        Assert.Equal(("sam-support", "Asked them to create the Launchpad account."), (note.Author, note.Text));

        // The directory entry is fixed; Retry now enqueues the provisioning job for that person.
        host.Directory.Data.AddPerson("latecomer");
        host.Directory.Data.AddToTeam("latecomer", "ubuntumembers");
        var (retry, jobId) = await host.WithServiceAsync<SupportDesk, (TriageOutcome, string?)>(d => d.RetryNowAsync(support, error.Id, CancellationToken.None));
        Assert.Equal(TriageOutcome.Done, retry);
        var job = JobStorage.Current.GetMonitoringApi().JobDetails(jobId);
        Assert.Equal((typeof(ProvisionContributorJob), "Enqueued"), (job.Job.Type, job.History[0].StateName));
        Assert.Equal(contributorId, job.Job.Args[0]);
        Assert.Equal(jobId, (await host.ErrorLogAsync()).Single(e => e.Id == error.Id).RetryJobId);

        // What the job runs: the person is provisioned and the group resolved.
        var summary = await host.WithServiceAsync<ProvisionContributorJob, string>(j => j.RunAsync(contributorId, error.Id, "sam-support", CancellationToken.None));
        Assert.Contains("resolved", summary, StringComparison.Ordinal);
        Assert.Equal(ErrorStatus.Resolved, (await host.ErrorLogAsync()).Single(e => e.Id == error.Id).Status);
        Assert.Contains(await host.AliasesAsync(), a => a.Name == "latecomer" && a.IsEnabled);

        Assert.Equal(TriageOutcome.Done, await host.WithServiceAsync<SupportDesk, TriageOutcome>(d => d.ReopenAsync(support, error.Id, CancellationToken.None)));
        Assert.Equal(TriageOutcome.Done, await host.WithServiceAsync<SupportDesk, TriageOutcome>(d => d.ResolveAsync(support, error.Id, CancellationToken.None)));
        var actions = (await host.AuditAsync()).Where(a => a.Actor == "sam-support" && a.TargetType == "error").Select(a => a.Action).ToList();
        Assert.Equal(["error.acknowledged", "error.note-added", "error.retry-requested", "error.resolved-by-retry", "error.reopened", "error.resolved"], actions);
    }

    [Fact]
    public async Task Retry_now_reads_the_team_listings_afresh_so_a_person_added_to_a_team_since_the_last_listing_is_provisioned()
    {
        // Every team has someone (an empty listing would be suspect, not proof that they are not a member).
        await using var host = await StartAsync(directory =>
        {
            directory.AddPerson("joined-later");
            directory.AddPerson("old-hand");
            foreach (var (_, team) in Core.Data.DefaultData.DomainTeams)
            {
                directory.AddToTeam("old-hand", team);
            }
        });
        var contributorId = await host.AddContributorAsync("joined-later", "joined@example.org", subject: "sub-joined");
        await host.ProvisionAsync(contributorId);
        var error = Assert.Single(await host.ErrorLogAsync(), e => e.ContributorId == contributorId);
        Assert.Equal("not-in-team", error.Kind);

        // Joined the team a minute later: the listing cached a minute ago (well within Launchpad:MembershipMaxAge) lacks them.
        host.Directory.Data.AddToTeam("joined-later", "ubuntumembers");
        host.Time.Advance(TimeSpan.FromMinutes(1));
        await host.ProvisionAsync(contributorId);
        Assert.DoesNotContain(await host.AliasesAsync(), a => a.Name == "joined-later");

        var summary = await host.WithServiceAsync<ProvisionContributorJob, string>(j => j.RunAsync(contributorId, error.Id, "sam-support", CancellationToken.None));

        Assert.Contains("resolved", summary, StringComparison.Ordinal);
        Assert.Contains(await host.AliasesAsync(), a => a.Name == "joined-later" && a.IsEnabled);
    }

    [Fact]
    public async Task A_confirmation_applies_only_to_what_was_shown_and_support_is_refused_admin_actions()
    {
        await using var host = await StartAsync();
        var support = await SupportPersonAsync(host);
        var admin = Person("ada-admin");
        var reviewId = await host.WithDbAsync(async db =>
        {
            var domain = await db.Domains.FirstAsync();
            var review = new RemovalReview
            {
                DomainId = domain.Id, TeamName = "ubuntumembers", Reason = "share-exceeded", AffectedAliases = 2, AffectedAliasIds = [11, 12],
                EnabledAliases = 10, CreatedAt = ProvisioningTestHost.Start, ExpiresAt = ProvisioningTestHost.Start.AddDays(3),
            };
            db.RemovalReviews.Add(review);
            await db.SaveChangesAsync();
            return review.Id;
        });

        var decisions = await host.WithServiceAsync<SupportDesk, RemovalReviewDecision[]>(async desk =>
        [
            await desk.ConfirmReviewAsync(support, reviewId, [11, 12], CancellationToken.None),
            await desk.DismissReviewAsync(support, reviewId, CancellationToken.None),
            await desk.ConfirmReviewAsync(admin, reviewId, [11], CancellationToken.None),
            await desk.ConfirmReviewAsync(admin, reviewId, [11, 12, 13], CancellationToken.None),
        ]);
        Assert.Equal([RemovalReviewDecision.NotAllowed, RemovalReviewDecision.NotAllowed, RemovalReviewDecision.Changed, RemovalReviewDecision.Changed], decisions);
        Assert.Equal(RemovalReviewStatus.Pending, (await host.WithDbAsync(db => db.RemovalReviews.SingleAsync(r => r.Id == reviewId))).Status);

        Assert.Equal(RemovalReviewDecision.Confirmed,
            await host.WithServiceAsync<SupportDesk, RemovalReviewDecision>(d => d.ConfirmReviewAsync(admin, reviewId, [12, 11], CancellationToken.None)));
        Assert.Equal(RemovalReviewDecision.Dismissed,
            await host.WithServiceAsync<SupportDesk, RemovalReviewDecision>(d => d.DismissReviewAsync(admin, reviewId, CancellationToken.None)));
        Assert.Equal(RemovalReviewStatus.Dismissed, (await host.WithDbAsync(db => db.RemovalReviews.SingleAsync(r => r.Id == reviewId))).Status);

        var jobActions = await host.WithServiceAsync<SupportDesk, JobActionOutcome[]>(async desk =>
        [
            await desk.TriggerJobAsync(support, "reconciliation", CancellationToken.None),
            await desk.RequeueJobAsync(support, "1", CancellationToken.None),
            await desk.DeleteJobAsync(support, "1", CancellationToken.None),
        ]);
        Assert.All(jobActions, outcome => Assert.Equal(JobActionOutcome.NotAllowed, outcome));
        Assert.DoesNotContain(await host.AuditAsync(), a => a.Actor == "sam-support");
    }

    [Fact]
    public async Task Every_job_state_a_client_applies_is_published_once_the_storage_shows_it()
    {
        // Hangfire keeps its log provider in a static; an earlier test's host may have disposed the one it set.
        Hangfire.Logging.LogProvider.SetCurrentLogProvider(null);
        var storage = new InMemoryStorage(new InMemoryStorageOptions());
        var seen = new System.Collections.Concurrent.ConcurrentQueue<(string? JobId, string? State)>();
        var filters = new DashboardJobFilterProvider(
            new JobRetryFilterProvider(new JobRetryOptions(), Hangfire.Common.JobFilterProviders.Providers),
            new JobStateChangePublisher(new StateReadingNotifier(storage, seen)));
        var client = new BackgroundJobClient(storage, filters);

        var jobId = client.Create<ProvisionContributorJob>(j => j.RunAsync(1, 2, "sam-support", CancellationToken.None), new Hangfire.States.EnqueuedState());
        await WaitForAsync(() => seen.Count == 1);
        Assert.True(client.Delete(jobId));
        await WaitForAsync(() => seen.Count == 2);

        // What a page told of the change reads: the new state, never the one before the commit.
        Assert.Equal([(jobId, "Enqueued"), (jobId, "Deleted")], seen.ToArray());
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }
    }

    /// <summary>Does what a live page does when told: reads the job's state from the storage at once.</summary>
    private sealed class StateReadingNotifier(JobStorage storage, System.Collections.Concurrent.ConcurrentQueue<(string?, string?)> seen) : IDashboardChangeNotifier
    {
        public void Publish(DashboardChange change)
        {
            using var connection = storage.GetConnection();
            seen.Enqueue((change.Id, connection.GetStateData(change.Id!)?.Name));
        }
    }
}
