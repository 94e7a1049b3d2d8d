namespace ForwardEmail.Dashboard.Core.Domain;

/// <summary>
/// Removals the circuit breaker held back for one domain (PRODUCT.md section 3): an empty team listing, or a reconciliation
/// that would have disabled more than the configured share of the domain's aliases. Admins confirm or dismiss it
/// (<see cref="Provisioning.RemovalReviewService"/>). A confirmation covers exactly the aliases listed here, until
/// <see cref="ExpiresAt"/>: the next reconciliation applies it only if the removals it would make are among them.
/// An empty-listing review can only be dismissed.
/// </summary>
public sealed class RemovalReview
{
    public int Id { get; set; }
    public int DomainId { get; set; }
    public MailDomain? Domain { get; set; }
    public required string TeamName { get; set; }

    /// <summary><c>empty-listing</c> or <c>share-exceeded</c>.</summary>
    public required string Reason { get; set; }

    /// <summary>Aliases the run would have scheduled for removal or disabled.</summary>
    public int AffectedAliases { get; set; }

    /// <summary>The ids of those aliases: what a confirmation authorises, and nothing else.</summary>
    public List<long> AffectedAliasIds { get; set; } = [];
    public int EnabledAliases { get; set; }

    public RemovalReviewStatus Status { get; set; } = RemovalReviewStatus.Pending;
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>After this, the review can no longer be confirmed and a confirmation is no longer applied (<c>Provisioning:RemovalReviewLifetime</c>).</summary>
    public DateTimeOffset ExpiresAt { get; set; }
    public string? DecidedBy { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public DateTimeOffset? AppliedAt { get; set; }
}

public enum RemovalReviewStatus
{
    Pending,
    /// <summary>An admin confirmed: the next reconciliation applies the removals it lists, once.</summary>
    Confirmed,
    Dismissed,
    Applied,
    /// <summary>Not decided, or confirmed but not applied, before <see cref="RemovalReview.ExpiresAt"/>.</summary>
    Expired,
    /// <summary>A later reconciliation would have made different removals: a new review replaced this one.</summary>
    Superseded,
}
