using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using ForwardEmail.Dashboard.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ForwardEmail.Dashboard.Core.Directory;

/// <summary>
/// Builds the <see cref="MembersMap"/> from the stored team snapshots, fetching only the teams whose snapshot is
/// older than <see cref="LaunchpadOptions.MembershipMaxAge"/>, a few at a time, and storing what it fetched.
/// </summary>
public sealed class TeamMembershipService(
    IDirectoryClient directory,
    IDbContextFactory<DashboardDbContext> dbContextFactory,
    IOptions<LaunchpadOptions> options,
    TimeProvider time,
    ILogger<TeamMembershipService> logger) : ITeamMembershipProvider
{
    private static readonly JsonSerializerOptions SnapshotJson = new(JsonSerializerDefaults.Web);

    public async Task<MembersMap> GetMembersMapAsync(IReadOnlyCollection<string> teams, bool forceRefresh, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(teams);
        var settings = options.Value;
        var now = time.GetUtcNow();
        var result = new Dictionary<string, TeamMembers>(StringComparer.Ordinal);

        // A mapping that is not a Launchpad name holds that team's domains only; it is never sent to the directory.
        var names = new List<string>();
        foreach (var team in teams.Distinct(StringComparer.Ordinal))
        {
            if (LaunchpadName.TryNormalize(team, out var normalized))
            {
                names.Add(normalized);
            }
            else
            {
                Log.TeamNameInvalid(logger, team);
                result[team] = TeamMembers.Faulted(team, now, $"The team mapping '{team}' is not a valid Launchpad name; check the domain's team mapping.");
            }
        }

        names = names.Distinct(StringComparer.Ordinal).ToList();

        await using var db = await dbContextFactory.CreateDbContextAsync(cancellationToken);
        var snapshots = await db.TeamMembershipSnapshots
            .Where(s => names.Contains(s.TeamName))
            .ToDictionaryAsync(s => s.TeamName, StringComparer.Ordinal, cancellationToken);

        var toFetch = new List<string>();
        foreach (var name in names)
        {
            if (!forceRefresh && snapshots.TryGetValue(name, out var snapshot) && now - snapshot.FetchedAt < settings.MembershipMaxAge)
            {
                result[name] = FromSnapshot(snapshot, isSuspect: false);
            }
            else
            {
                toFetch.Add(name);
            }
        }

        var fetched = new ConcurrentDictionary<string, (DateTimeOffset FetchedAt, IReadOnlyList<DirectoryPerson> People)>(StringComparer.Ordinal);
        var failures = new ConcurrentQueue<ExceptionDispatchInfo>();
        var faulted = new ConcurrentDictionary<string, TeamMembers>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(
            toFetch,
            new ParallelOptions { MaxDegreeOfParallelism = settings.MaxConcurrency, CancellationToken = cancellationToken },
            async (team, token) =>
            {
                try
                {
                    var people = await directory.GetTeamParticipantsAsync(team, token);
                    fetched[team] = (time.GetUtcNow(), people);
                }
                // Broken paging, an unknown team, a page that cannot be read: that team's domains are held, the others go on.
                catch (InvalidDirectoryResponseException ex)
                {
                    Log.TeamFetchFailed(logger, ex, team);
                    faulted[team] = TeamMembers.Faulted(team, time.GetUtcNow(), ex.Message);
                }
                // Transient: keep the other teams' fresh listings; the failure is rethrown once they are stored (the run is retried).
                catch (DirectoryUnavailableException ex)
                {
                    Log.TeamFetchFailed(logger, ex, team);
                    failures.Enqueue(ExceptionDispatchInfo.Capture(ex));
                }
            });

        foreach (var (team, (fetchedAt, people)) in fetched)
        {
            snapshots.TryGetValue(team, out var previous);
            if (people.Count == 0)
            {
                // An empty listing is a directory fault, not everyone leaving: keep serving the last good one.
                if (previous is { MemberCount: > 0 })
                {
                    Log.EmptyListingKeptSnapshot(logger, team, previous.FetchedAt, previous.MemberCount);
                    result[team] = FromSnapshot(previous, isSuspect: true);
                }
                else
                {
                    Log.EmptyListingNoSnapshot(logger, team);
                    result[team] = new TeamMembers(team, fetchedAt, new Dictionary<string, DirectoryPerson>(StringComparer.Ordinal), IsSuspect: true);
                }

                continue;
            }

            var members = ToDictionary(people);
            var json = JsonSerializer.Serialize(members.Values.Select(SnapshotMember.From).ToList(), SnapshotJson);
            if (previous is null)
            {
                db.TeamMembershipSnapshots.Add(new TeamMembershipSnapshot { TeamName = team, FetchedAt = fetchedAt, MemberCount = members.Count, MembersJson = json });
            }
            else
            {
                previous.FetchedAt = fetchedAt;
                previous.MemberCount = members.Count;
                previous.MembersJson = json;
            }

            result[team] = new TeamMembers(team, fetchedAt, members);
        }

        foreach (var (team, members) in faulted)
        {
            // The stored snapshot is kept as it was: a later listing that reads whole replaces it.
            result[team] = members;
        }

        await SaveSnapshotsAsync(db, cancellationToken);
        Log.MembershipServed(logger, names.Count - toFetch.Count, fetched.Count);

        if (failures.TryDequeue(out var failure))
        {
            failure.Throw();
        }

        return new MembersMap(result);
    }

    private static async Task SaveSnapshotsAsync(DashboardDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another reconciliation stored the same team first (unique TeamName): its listing is as fresh as ours.
            // Save each row on its own so the others still land.
            foreach (var entry in db.ChangeTracker.Entries<TeamMembershipSnapshot>().Where(e => e.State == EntityState.Added).ToList())
            {
                entry.State = EntityState.Detached;
            }

            await db.SaveChangesAsync(cancellationToken);
        }
    }

    private static TeamMembers FromSnapshot(TeamMembershipSnapshot snapshot, bool isSuspect)
    {
        var members = JsonSerializer.Deserialize<List<SnapshotMember>>(snapshot.MembersJson, SnapshotJson) ?? [];
        return new TeamMembers(snapshot.TeamName, snapshot.FetchedAt, ToDictionary(members.Select(m => m.ToPerson())), isSuspect);
    }

    private static Dictionary<string, DirectoryPerson> ToDictionary(IEnumerable<DirectoryPerson> people)
    {
        var map = new Dictionary<string, DirectoryPerson>(StringComparer.Ordinal);
        foreach (var person in people)
        {
            var key = LaunchpadName.TryNormalize(person.Name, out var normalized) ? normalized : LaunchpadName.FoldCase(person.Name);
            map.TryAdd(key, person with { Name = key });
        }

        return map;
    }

    /// <summary>The stored shape of one member, kept apart from <see cref="DirectoryPerson"/> so the record can change.</summary>
    private sealed record SnapshotMember(string Name, string? DisplayName, bool IsValid, bool IsCocSigner, string? Problem = null)
    {
        public static SnapshotMember From(DirectoryPerson person) => new(person.Name, person.DisplayName, person.IsValid, person.IsCocSigner, person.Problem);

        public DirectoryPerson ToPerson() => new(Name, DisplayName, IsValid, IsCocSigner, IsTeam: false, Problem);
    }
}
