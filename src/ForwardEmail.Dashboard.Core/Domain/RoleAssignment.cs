namespace ForwardEmail.Dashboard.Core.Domain;

/// <summary>A role an admin granted in the console, on top of what the identity provider's claims give.</summary>
public sealed class RoleAssignment
{
    public int Id { get; set; }
    public int ContributorId { get; set; }
    public Contributor? Contributor { get; set; }
    public DashboardRole Role { get; set; }
    public required string GrantedBy { get; set; }
    public DateTimeOffset GrantedAt { get; set; }
}

public enum DashboardRole
{
    Contributor,
    Support,
    Admin,
}
