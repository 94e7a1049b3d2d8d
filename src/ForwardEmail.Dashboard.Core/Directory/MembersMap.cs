namespace ForwardEmail.Dashboard.Core.Directory;

/// <summary>The people of one team's participants listing, keyed by lower-case username.</summary>
/// <param name="IsSuspect">True when the listing came back empty: a directory fault, never a reason to disable anyone.</param>
public sealed record TeamMembers(string Team, DateTimeOffset FetchedAt, IReadOnlyDictionary<string, DirectoryPerson> People, bool IsSuspect = false);

/// <summary>Membership of every mapped team, read once per reconciliation (PRODUCT.md section 5).</summary>
public sealed class MembersMap(IReadOnlyDictionary<string, TeamMembers> teams)
{
    public IReadOnlyDictionary<string, TeamMembers> Teams { get; } = teams;

    public bool IsMember(string team, string username) =>
        Teams.TryGetValue(team, out var members) && members.People.ContainsKey(username);

    /// <summary>The person as any team listing describes them (listing entries carry is_valid and is_ubuntu_coc_signer), or null.</summary>
    public DirectoryPerson? Describe(string username)
    {
        foreach (var members in Teams.Values)
        {
            if (members.People.TryGetValue(username, out var person))
            {
                return person;
            }
        }

        return null;
    }
}

/// <summary>Supplies the members map, from the database cache when fresh enough, otherwise from the directory.</summary>
public interface ITeamMembershipProvider
{
    Task<MembersMap> GetMembersMapAsync(IReadOnlyCollection<string> teams, bool forceRefresh, CancellationToken cancellationToken);
}
