using System.Security.Claims;
using ForwardEmail.Dashboard.Core.Errors;
using ForwardEmail.Dashboard.Core.Jobs;
using ForwardEmail.Dashboard.Core.Mail;
using ForwardEmail.Dashboard.Core.Provisioning;
using ForwardEmail.Dashboard.Web.Features.Auth;

namespace ForwardEmail.Dashboard.Web.Features.Support;

/// <summary>
/// Every action of the support desk pages, each checked against the actor's roles now (a page's circuit can outlive a
/// revocation, and a hidden button is no authorisation): support and admins triage errors and retry mail and people;
/// only admins decide removal reviews and trigger, requeue or delete jobs. The Core services do the work and audit it.
/// </summary>
public sealed class SupportDesk(
    RoleLookup roles,
    ErrorTriageService triage,
    FailedOutboxService outbox,
    RemovalReviewService reviews,
    BackgroundJobsMonitor jobs)
{
    public ErrorTriageService Errors => triage;
    public FailedOutboxService Outbox => outbox;
    public RemovalReviewService Reviews => reviews;
    public BackgroundJobsMonitor Jobs => jobs;

    public Task<TriageOutcome> AcknowledgeAsync(ClaimsPrincipal user, long errorId, CancellationToken cancellationToken) =>
        roles.AsSupportAsync(user, TriageOutcome.NotAllowed, actor => triage.AcknowledgeAsync(errorId, actor, cancellationToken), cancellationToken);

    public Task<TriageOutcome> ResolveAsync(ClaimsPrincipal user, long errorId, CancellationToken cancellationToken) =>
        roles.AsSupportAsync(user, TriageOutcome.NotAllowed, actor => triage.ResolveAsync(errorId, actor, cancellationToken), cancellationToken);

    public Task<TriageOutcome> ReopenAsync(ClaimsPrincipal user, long errorId, CancellationToken cancellationToken) =>
        roles.AsSupportAsync(user, TriageOutcome.NotAllowed, actor => triage.ReopenAsync(errorId, actor, cancellationToken), cancellationToken);

    public Task<TriageOutcome> AddNoteAsync(ClaimsPrincipal user, long errorId, string? note, CancellationToken cancellationToken) =>
        roles.AsSupportAsync(user, TriageOutcome.NotAllowed, actor => triage.AddNoteAsync(errorId, actor, note, cancellationToken), cancellationToken);

    public Task<(TriageOutcome Outcome, string? JobId)> RetryNowAsync(ClaimsPrincipal user, long errorId, CancellationToken cancellationToken) =>
        roles.AsSupportAsync(user, (TriageOutcome.NotAllowed, (string?)null), actor => triage.RetryNowAsync(errorId, actor, cancellationToken), cancellationToken);

    public Task<OutboxRetryOutcome> RetryMailAsync(ClaimsPrincipal user, long messageId, CancellationToken cancellationToken) =>
        roles.AsSupportAsync(user, OutboxRetryOutcome.NotAllowed, actor => outbox.RetryAsync(messageId, actor, cancellationToken), cancellationToken);

    public Task<RemovalReviewDecision> ConfirmReviewAsync(ClaimsPrincipal user, int reviewId, IReadOnlyCollection<long> shownAliasIds, CancellationToken cancellationToken) =>
        roles.AsAdminAsync(user, RemovalReviewDecision.NotAllowed, actor => reviews.ConfirmAsync(reviewId, shownAliasIds, actor, cancellationToken), cancellationToken);

    public Task<RemovalReviewDecision> DismissReviewAsync(ClaimsPrincipal user, int reviewId, CancellationToken cancellationToken) =>
        roles.AsAdminAsync(user, RemovalReviewDecision.NotAllowed, actor => reviews.DismissAsync(reviewId, actor, cancellationToken), cancellationToken);

    public Task<JobActionOutcome> TriggerJobAsync(ClaimsPrincipal user, string recurringJobId, CancellationToken cancellationToken) =>
        roles.AsAdminAsync(user, JobActionOutcome.NotAllowed, actor => jobs.TriggerAsync(recurringJobId, actor, cancellationToken), cancellationToken);

    public Task<JobActionOutcome> RequeueJobAsync(ClaimsPrincipal user, string jobId, CancellationToken cancellationToken) =>
        roles.AsAdminAsync(user, JobActionOutcome.NotAllowed, actor => jobs.RequeueAsync(jobId, actor, cancellationToken), cancellationToken);

    public Task<JobActionOutcome> DeleteJobAsync(ClaimsPrincipal user, string jobId, CancellationToken cancellationToken) =>
        roles.AsAdminAsync(user, JobActionOutcome.NotAllowed, actor => jobs.DeleteAsync(jobId, actor, cancellationToken), cancellationToken);
}
