namespace ForwardEmail.Dashboard.Core.Domain;

/// <summary>A person who signed in (or was imported for reconciliation). Keyed by the identity provider's stable subject.</summary>
public sealed class Contributor
{
    public int Id { get; set; }

    /// <summary>The identity provider's stable subject; never changes, unlike the username.</summary>
    public required string Subject { get; set; }

    /// <summary>Launchpad username as last seen in the claims; null until known (an incomplete record is an <c>invalid-user</c>).</summary>
    public string? Username { get; set; }

    public required string Email { get; set; }
    public string? DisplayName { get; set; }
    public string? Locale { get; set; }

    public bool IsBanned { get; set; }
    public string? BannedReason { get; set; }
    public DateTimeOffset? BannedAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? LastSignInAt { get; set; }

    public List<Alias> Aliases { get; set; } = [];
    public List<RoleAssignment> Roles { get; set; } = [];
}
