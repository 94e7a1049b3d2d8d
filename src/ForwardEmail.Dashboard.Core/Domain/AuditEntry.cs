namespace ForwardEmail.Dashboard.Core.Domain;

/// <summary>Who changed what, when, with the state before and after (JSON).</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    /// <summary>A user name, or <c>system:&lt;job&gt;</c> for background work.</summary>
    public required string Actor { get; set; }
    public required string Action { get; set; }
    public required string TargetType { get; set; }
    public required string Target { get; set; }
    public string? Before { get; set; }
    public string? After { get; set; }
    public DateTimeOffset At { get; set; }
}
