namespace ForwardEmail.Dashboard.Core.Domain;

/// <summary>An email written in the same transaction as the change that causes it, sent later by a background job.</summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }
    public required string To { get; set; }
    public required string Subject { get; set; }
    public required string Body { get; set; }

    /// <summary>Why the message exists (e.g. <c>alias-created</c>); helps support read the outbox.</summary>
    public required string Kind { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset? NextAttemptAt { get; set; }

    /// <summary>The server's answer or the connection error of the last failed attempt.</summary>
    public string? LastError { get; set; }

    /// <summary>Set when the message will never be sent: the server refused it for good (5xx) or every attempt failed.</summary>
    public DateTimeOffset? FailedAt { get; set; }

    /// <summary>The dispatcher run that claimed the message; no other run sends it before <see cref="LeaseUntil"/>.</summary>
    public string? LeaseOwner { get; set; }

    public DateTimeOffset? LeaseUntil { get; set; }
}
