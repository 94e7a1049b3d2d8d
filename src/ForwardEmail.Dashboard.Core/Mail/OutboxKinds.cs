namespace ForwardEmail.Dashboard.Core.Mail;

/// <summary>Values of <see cref="OutboxMessage.Kind"/>.</summary>
public static class OutboxKinds
{
    public const string AliasCreated = "alias-created";
    public const string AliasUpdated = "alias-updated";

    /// <summary>One message listing a reconciliation's creations and changes on a domain (more than <c>Provisioning:DigestThreshold</c>).</summary>
    public const string AliasDigest = "alias-digest";
    public const string AliasPendingRemoval = "alias-pending-removal";
    public const string AliasDisabled = "alias-disabled";
    public const string ErrorReport = "error-report";
    public const string RemovalReview = "removal-review";
    public const string TeamListingFault = "team-listing-fault";
}
