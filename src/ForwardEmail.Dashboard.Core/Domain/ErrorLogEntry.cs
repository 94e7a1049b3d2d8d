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
}

public enum ErrorStatus
{
    Open,
    Acknowledged,
    Resolved,
}
