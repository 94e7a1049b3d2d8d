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
    /// <summary>The actor may not decide on reviews (admins only); checked by the console before this service is called.</summary>
    NotAllowed,
    NotFound,
    /// <summary>Already decided, applied, expired or superseded.</summary>
    NotPending,
    /// <summary>Past <see cref="RemovalReview.ExpiresAt"/>: the next reconciliation asks again if the removals are still due.</summary>
    Expired,
    /// <summary>An empty listing is a directory fault; confirming it would disable everyone on the strength of nothing. Dismiss it.</summary>
    EmptyListingCannotBeConfirmed,
    /// <summary>The review no longer lists exactly the aliases the admin was shown: nothing is confirmed, look again.</summary>
    Changed,
}

/// <summary>One held removal as admins see it: what it would disable and whose addresses those are.</summary>
public sealed record RemovalReviewView(
    int Id,
    string Domain,
    string Team,
    string Reason,
    RemovalReviewStatus Status,
    int AffectedAliases,
    int EnabledAliases,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    string? DecidedBy,
    DateTimeOffset? DecidedAt,
    IReadOnlyList<RemovalReviewAlias> Aliases)
{
    /// <summary>The ids a confirmation is for: pass them back to <see cref="RemovalReviewService.ConfirmAsync"/>.</summary>
    public IReadOnlyList<long> AliasIds => [.. Aliases.Select(a => a.AliasId)];
}

/// <param name="Owner">The person whose alias would be disabled (their username), null for a manual alias.</param>
public sealed record RemovalReviewAlias(long AliasId, string Address, string? Owner, int? OwnerId);

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
    /// <summary>Reviews still waiting for a decision or confirmed and not applied yet, newest first, with the aliases each would disable.</summary>
    public async Task<IReadOnlyList<RemovalReviewView>> ListOpenAsync(CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var reviews = await db.RemovalReviews.AsNoTracking().Include(r => r.Domain)
            .Where(r => r.Status == RemovalReviewStatus.Pending || r.Status == RemovalReviewStatus.Confirmed)
            .OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id)
            .ToListAsync(cancellationToken);
        var ids = reviews.SelectMany(r => r.AffectedAliasIds).Distinct().ToList();
        var aliases = await db.Aliases.AsNoTracking().Where(a => ids.Contains(a.Id))
            .Select(a => new { a.Id, a.Name, Domain = a.Domain!.Name, a.OwnerId, Owner = a.Owner!.Username })
            .ToDictionaryAsync(a => a.Id, cancellationToken);
        return [.. reviews.Select(r => new RemovalReviewView(
            r.Id, r.Domain!.Name, r.TeamName, r.Reason, r.Status, r.AffectedAliases, r.EnabledAliases, r.CreatedAt, r.ExpiresAt, r.DecidedBy, r.DecidedAt,
            [.. r.AffectedAliasIds.Where(aliases.ContainsKey).Select(id => aliases[id])
                .OrderBy(a => a.Name, StringComparer.Ordinal)
                .Select(a => new RemovalReviewAlias(a.Id, $"{a.Name}@{a.Domain}", a.Owner, a.OwnerId))]))];
    }

    /// <param name="shownAliasIds">
    /// The aliases the admin was shown (<see cref="RemovalReviewView.AliasIds"/>). The review is confirmed only if it lists exactly
    /// these; otherwise <see cref="RemovalReviewDecision.Changed"/> and nothing is written.
    /// </param>
    public Task<RemovalReviewDecision> ConfirmAsync(int reviewId, IReadOnlyCollection<long> shownAliasIds, string actor, CancellationToken cancellationToken) =>
        DecideAsync(reviewId, RemovalReviewStatus.Confirmed, shownAliasIds, actor, cancellationToken);

    public Task<RemovalReviewDecision> DismissAsync(int reviewId, string actor, CancellationToken cancellationToken) =>
        DecideAsync(reviewId, RemovalReviewStatus.Dismissed, shownAliasIds: null, actor, cancellationToken);

    private async Task<RemovalReviewDecision> DecideAsync(
        int reviewId, RemovalReviewStatus decision, IReadOnlyCollection<long>? shownAliasIds, string actor, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        if (decision == RemovalReviewStatus.Confirmed)
        {
            ArgumentNullException.ThrowIfNull(shownAliasIds);
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var outcome = await db.InTransactionAsync(token => DecideOnceAsync(db, reviewId, decision, shownAliasIds, actor, token), cancellationToken);
        if (outcome is RemovalReviewDecision.Confirmed or RemovalReviewDecision.Dismissed)
        {
            changes.RemovalReviewChanged(reviewId);
        }

        return outcome;
    }

    private async Task<RemovalReviewDecision> DecideOnceAsync(
        DashboardDbContext db, int reviewId, RemovalReviewStatus decision, IReadOnlyCollection<long>? shownAliasIds, string actor, CancellationToken cancellationToken)
    {
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
            _ when decision == RemovalReviewStatus.Confirmed && !review.AffectedAliasIds.ToHashSet().SetEquals(shownAliasIds!) => RemovalReviewDecision.Changed,
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
        return outcome;
    }
}
