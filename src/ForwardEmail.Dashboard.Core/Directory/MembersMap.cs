namespace ForwardEmail.Dashboard.Core.Directory;

/// <summary>The people of one team's participants listing, keyed by lower-case username.</summary>
/// <param name="IsSuspect">True when the listing came back empty: a directory fault, never a reason to disable anyone.</param>
/// <param name="Fault">
/// Why the listing could not be used at all (broken paging, a team mapping that is not a Launchpad name, an unknown team):
/// <see cref="People"/> is then empty and the team's domain is held (nothing created from partial data, nothing removed).
/// </param>
public sealed record TeamMembers(
    string Team, DateTimeOffset FetchedAt, IReadOnlyDictionary<string, DirectoryPerson> People, bool IsSuspect = false, string? Fault = null)
{
    public bool IsFaulted => Fault is not null;

    public static TeamMembers Faulted(string team, DateTimeOffset at, string fault) =>
        new(team, at, new Dictionary<string, DirectoryPerson>(StringComparer.Ordinal), IsSuspect: true, fault);
}

/// <summary>Membership of every mapped team, read once per reconciliation (PRODUCT.md section 5).</summary>
public sealed class MembersMap(IReadOnlyDictionary<string, TeamMembers> teams)
{
    public IReadOnlyDictionary<string, TeamMembers> Teams { get; } = teams;

    public bool IsMember(string team, string username) =>
        Teams.TryGetValue(team, out var members) && members.People.ContainsKey(username);

    /// <summary>
    /// The person as any team listing describes them (listing entries carry is_valid and is_ubuntu_coc_signer), or null.
    /// A well-formed entry wins; a person only malformed entries describe comes back with <see cref="DirectoryPerson.Problem"/>.
    /// </summary>
    public DirectoryPerson? Describe(string username)
    {
        DirectoryPerson? malformed = null;
        foreach (var members in Teams.Values)
        {
            if (members.People.TryGetValue(username, out var person))
            {
                if (!person.IsMalformed)
                {
                    return person;
                }

                malformed ??= person;
            }
        }

        return malformed;
    }

    /// <summary>The teams whose listing could not be used this time (see <see cref="TeamMembers.Fault"/>).</summary>
    public IEnumerable<TeamMembers> Faulted => Teams.Values.Where(t => t.IsFaulted);
}

/// <summary>Supplies the members map, from the database cache when fresh enough, otherwise from the directory.</summary>
public interface ITeamMembershipProvider
{
    Task<MembersMap> GetMembersMapAsync(IReadOnlyCollection<string> teams, bool forceRefresh, CancellationToken cancellationToken);
}
