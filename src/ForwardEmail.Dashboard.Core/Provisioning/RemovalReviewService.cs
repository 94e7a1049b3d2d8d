using ForwardEmail.Dashboard.Core.Audit;
using ForwardEmail.Dashboard.Core.Data;
using ForwardEmail.Dashboard.Core.Live;
using Microsoft.EntityFrameworkCore;

namespace ForwardEmail.Dashboard.Core.Provisioning;

/// <summary>What an admin's decision on a removal review did.</summary>
public enum RemovalReviewDecision
{
    Confirmed,
    Dismissed,
    NotFound,
    /// <summary>Already decided, applied, expired or superseded.</summary>
    NotPending,
    /// <summary>Past <see cref="RemovalReview.ExpiresAt"/>: the next reconciliation asks again if the removals are still due.</summary>
    Expired,
    /// <summary>An empty listing is a directory fault; confirming it would disable everyone on the strength of nothing. Dismiss it.</summary>
    EmptyListingCannotBeConfirmed,
}

/// <summary>
/// Admins' decisions on the removals the circuit breaker held (the console calls this). A confirmation authorises exactly the
/// removals the review lists, once, before it expires; <see cref="ReconciliationService"/> applies it only if the removals it
/// would make are among those.
/// </summary>
public sealed class RemovalReviewService(
    IDbContextFactory<DashboardDbContext> contextFactory,
    IDashboardChangeNotifier changes,
    TimeProvider time)
{
    public Task<RemovalReviewDecision> ConfirmAsync(int reviewId, string actor, CancellationToken cancellationToken) =>
        DecideAsync(reviewId, RemovalReviewStatus.Confirmed, actor, cancellationToken);

    public Task<RemovalReviewDecision> DismissAsync(int reviewId, string actor, CancellationToken cancellationToken) =>
        DecideAsync(reviewId, RemovalReviewStatus.Dismissed, actor, cancellationToken);

    private async Task<RemovalReviewDecision> DecideAsync(int reviewId, RemovalReviewStatus decision, string actor, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var review = await db.RemovalReviews.Include(r => r.Domain).SingleOrDefaultAsync(r => r.Id == reviewId, cancellationToken);
        var now = time.GetUtcNow();
        var before = review?.Status;
        var outcome = review switch
        {
            null => RemovalReviewDecision.NotFound,
            // A confirmation not applied yet may still be withdrawn.
            { Status: RemovalReviewStatus.Confirmed } when decision == RemovalReviewStatus.Dismissed => RemovalReviewDecision.Dismissed,
            { Status: not RemovalReviewStatus.Pending } => RemovalReviewDecision.NotPending,
            _ when now >= review.ExpiresAt && decision == RemovalReviewStatus.Confirmed => RemovalReviewDecision.Expired,
            { Reason: ReconciliationService.EmptyListingReason } when decision == RemovalReviewStatus.Confirmed => RemovalReviewDecision.EmptyListingCannotBeConfirmed,
            _ => decision == RemovalReviewStatus.Confirmed ? RemovalReviewDecision.Confirmed : RemovalReviewDecision.Dismissed,
        };

        if (outcome is not (RemovalReviewDecision.Confirmed or RemovalReviewDecision.Dismissed))
        {
            return outcome;
        }

        review!.Status = decision;
        review.DecidedBy = actor;
        review.DecidedAt = now;
        db.AuditEntries.Add(AuditLog.Create(actor,
            decision == RemovalReviewStatus.Confirmed ? AuditActions.RemovalReviewConfirmed : AuditActions.RemovalReviewDismissed,
            AuditLog.DomainTarget, review.Domain!.Name,
            new { Status = before.ToString() },
            new { Status = decision.ToString(), review.Reason, review.AffectedAliases, review.EnabledAliases, review.AffectedAliasIds, review.ExpiresAt }, now));
        await db.SaveChangesAsync(cancellationToken);
        changes.RemovalReviewChanged(review.Id);
        return outcome;
    }
}
