namespace ForwardEmail.Dashboard.Core.Domain;

/// <summary>
/// The last complete participants listing of one directory team, kept so a restart does not refetch it
/// needlessly. Members are stored as one JSON document: the listing is always read and replaced whole.
/// </summary>
public sealed class TeamMembershipSnapshot
{
    public int Id { get; set; }
    public required string TeamName { get; set; }
    public DateTimeOffset FetchedAt { get; set; }
    public int MemberCount { get; set; }
    public required string MembersJson { get; set; }
}
