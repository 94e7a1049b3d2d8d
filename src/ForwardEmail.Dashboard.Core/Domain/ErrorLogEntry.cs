namespace ForwardEmail.Dashboard.Core.Domain;

/// <summary>One group of identical failures (same fingerprint = same user and kind), counted rather than repeated.</summary>
public sealed class ErrorLogEntry
{
    public long Id { get; set; }
    public required string Fingerprint { get; set; }
    public required string Kind { get; set; }
    public required string Step { get; set; }
    public required string Message { get; set; }
    public bool IsTransient { get; set; }

    public int? ContributorId { get; set; }
    public string? Username { get; set; }
    public string? Email { get; set; }
    public string? Subject { get; set; }

    public int Count { get; set; } = 1;
    public DateTimeOffset FirstSeenAt { get; set; }
    public DateTimeOffset LastSeenAt { get; set; }
    public ErrorStatus Status { get; set; } = ErrorStatus.Open;
    public string? Notes { get; set; }

    /// <summary>Kept in the database so the once-per-window team email survives restarts and several instances.</summary>
    public DateTimeOffset? LastTeamNotifiedAt { get; set; }

    /// <summary>The Hangfire job of the last "Retry now" from the support desk, so every open page can follow its state.</summary>
    public string? RetryJobId { get; set; }
    public DateTimeOffset? RetryRequestedAt { get; set; }

    /// <summary>Support's notes on the group, oldest first.</summary>
    public List<ErrorLogNote> NoteEntries { get; set; } = [];
}

/// <summary>One note support added to an error group: who wrote it, when, and what.</summary>
public sealed class ErrorLogNote
{
    public const int MaxLength = 2000;

    public long Id { get; set; }
    public long ErrorLogEntryId { get; set; }
    public required string Author { get; set; }
    public required string Text { get; set; }
    public DateTimeOffset At { get; set; }
}

public enum ErrorStatus
{
    Open,
    Acknowledged,
    Resolved,
}
