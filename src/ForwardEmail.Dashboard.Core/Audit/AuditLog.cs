using System.Text.Json;

namespace ForwardEmail.Dashboard.Core.Audit;

/// <summary>Builds audit rows; the caller adds them to the context that carries the change, so both commit together.</summary>
public static class AuditLog
{
    public const string AliasTarget = "alias";
    public const string DomainTarget = "domain";
    public const string ContributorTarget = "contributor";
    public const string ErrorTarget = "error";
    public const string OutboxTarget = "outbox";
    public const string JobTarget = "job";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static AuditEntry Create(string actor, string action, string targetType, string target, object? before, object? after, DateTimeOffset at) => new()
    {
        Actor = actor,
        Action = action,
        TargetType = targetType,
        Target = target,
        Before = before is null ? null : JsonSerializer.Serialize(before, Json),
        After = after is null ? null : JsonSerializer.Serialize(after, Json),
        At = at,
    };
}

/// <summary>Audit action names.</summary>
public static class AuditActions
{
    public const string AliasCreated = "alias.created";
    public const string AliasUpdated = "alias.updated";
    public const string AliasReenabled = "alias.reenabled";
    public const string AliasPendingRemoval = "alias.pending-removal";
    public const string AliasDisabled = "alias.disabled";
    public const string AliasAdminDisabled = "alias.admin-disabled";
    public const string AliasAdminEnabled = "alias.admin-enabled";
    public const string AliasManualCreated = "alias.manual-created";
    public const string AliasesExported = "alias.exported";
    public const string ContributorBanned = "contributor.banned";
    public const string ContributorUnbanned = "contributor.unbanned";
    public const string ContributorProvisionRequested = "contributor.provision-requested";
    public const string RemovalReviewConfirmed = "removal-review.confirmed";
    public const string RemovalReviewDismissed = "removal-review.dismissed";
    public const string ErrorResolvedByRetry = "error.resolved-by-retry";
    public const string ErrorAcknowledged = "error.acknowledged";
    public const string ErrorResolved = "error.resolved";
    public const string ErrorReopened = "error.reopened";
    public const string ErrorNoteAdded = "error.note-added";
    public const string ErrorRetryRequested = "error.retry-requested";
    public const string OutboxRetryRequested = "outbox.retry-requested";
    public const string JobTriggered = "job.triggered";
    public const string JobRequeued = "job.requeued";
    public const string JobDeleted = "job.deleted";
}
