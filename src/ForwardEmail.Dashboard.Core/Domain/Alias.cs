namespace ForwardEmail.Dashboard.Core.Domain;

/// <summary><c>name@domain</c> forwarding to one or more recipients.</summary>
public sealed class Alias
{
    public long Id { get; set; }
    public int DomainId { get; set; }
    public MailDomain? Domain { get; set; }

    /// <summary>Local part, always lower case.</summary>
    public required string Name { get; set; }

    /// <summary>The contributor the alias belongs to; null for a manual alias an admin created for a role address.</summary>
    public int? OwnerId { get; set; }
    public Contributor? Owner { get; set; }

    public List<string> Recipients { get; set; } = [];
    public bool IsEnabled { get; set; } = true;
    public AliasOrigin Origin { get; set; }

    /// <summary>A stable reason code (e.g. <c>left-team</c>, <c>banned</c>, <c>forwards-to-itself</c>).</summary>
    public string? DisabledReason { get; set; }
    public DateTimeOffset? DisabledAt { get; set; }

    /// <summary>The admin's own words when they disabled it by hand (<c>admin-disabled</c>); the reason code stays stable for pages and logs.</summary>
    public string? DisabledNote { get; set; }

    /// <summary>When the owner was first seen no longer eligible; the alias is disabled once the grace period has passed.</summary>
    public DateTimeOffset? IneligibleSince { get; set; }
    public string? IneligibleReason { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public enum AliasOrigin
{
    Provisioned,
    Manual,
}
