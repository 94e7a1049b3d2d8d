namespace ForwardEmail.Dashboard.Core.Domain;

/// <summary>The directory team whose participants are eligible for an alias on one domain.</summary>
public sealed class TeamMapping
{
    public int Id { get; set; }
    public int DomainId { get; set; }
    public MailDomain? Domain { get; set; }

    /// <summary>Launchpad team name without the leading <c>~</c>.</summary>
    public required string TeamName { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
