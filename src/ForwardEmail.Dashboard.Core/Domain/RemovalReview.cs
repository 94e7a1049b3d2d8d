namespace ForwardEmail.Dashboard.Core.Domain;

/// <summary>
/// Removals the circuit breaker held back for one domain (PRODUCT.md section 3): an empty team listing, or a reconciliation
/// that would have disabled more than the configured share of the domain's aliases. Admins confirm (the next reconciliation
/// then applies the removals for that domain) or dismiss it in the console.
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
    public int EnabledAliases { get; set; }

    public RemovalReviewStatus Status { get; set; } = RemovalReviewStatus.Pending;
    public DateTimeOffset CreatedAt { get; set; }
    public string? DecidedBy { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public DateTimeOffset? AppliedAt { get; set; }
}

public enum RemovalReviewStatus
{
    Pending,
    /// <summary>An admin confirmed: the next reconciliation applies the removals for the domain once.</summary>
    Confirmed,
    Dismissed,
    Applied,
}
