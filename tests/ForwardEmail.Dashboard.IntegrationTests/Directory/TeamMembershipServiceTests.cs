using ForwardEmail.Dashboard.Core.Data;
using ForwardEmail.Dashboard.Core.Directory;
using ForwardEmail.Dashboard.Demo.Directory;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ForwardEmail.Dashboard.IntegrationTests.DirectoryClient;

/// <summary>The members map over the demo directory, cached in real SQLite snapshots.</summary>
public sealed class TeamMembershipServiceTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task GetMembersMapAsync_ReadsParticipants_KeyedByLowercaseUsername()
    {
        await using var harness = await DirectoryHarness.StartAsync(DirectoryHarness.SampleData(), time: _time);

        var map = await harness.GetMembersMapAsync(false, "Edubuntu-Members");

        var team = Assert.Single(map.Teams).Value;
        Assert.Equal("edubuntu-members", team.Team);
        Assert.False(team.IsSuspect);
        Assert.Equal(_time.GetUtcNow(), team.FetchedAt);
        Assert.Equal(["amira-h", "jdoe", "lfischer", "somchai"], team.People.Keys.Order(StringComparer.Ordinal));
        Assert.True(map.IsMember("edubuntu-members", "somchai"));
        Assert.Equal(new DirectoryPerson("jdoe", "Jane Doe", true, false, false), map.Describe("jdoe"));
    }

    [Fact]
    public async Task GetMembersMapAsync_ServesTheSnapshotWithinMaxAge_WithoutARequest_EvenAfterARestart()
    {
        await using var harness = await DirectoryHarness.StartAsync(DirectoryHarness.SampleData(), time: _time);
        var first = await harness.GetMembersMapAsync(false, "edubuntu-members");
        harness.Server.Requests.Reset();
        _time.Advance(TimeSpan.FromMinutes(59));

        var second = await harness.GetMembersMapAsync(false, "edubuntu-members");
        harness.Restart();
        var afterRestart = await harness.GetMembersMapAsync(false, "edubuntu-members");

        Assert.Equal(0, harness.Server.Requests.Count);
        Assert.Equal(first.Teams["edubuntu-members"].People, second.Teams["edubuntu-members"].People);
        Assert.Equal(first.Teams["edubuntu-members"].People, afterRestart.Teams["edubuntu-members"].People);
        Assert.Equal(first.Teams["edubuntu-members"].FetchedAt, afterRestart.Teams["edubuntu-members"].FetchedAt);
    }

    [Fact]
    public async Task GetMembersMapAsync_RefetchesAStaleSnapshot_AndStoresTheNewListing()
    {
        await using var harness = await DirectoryHarness.StartAsync(DirectoryHarness.SampleData(), time: _time);
        await harness.GetMembersMapAsync(false, "edubuntu-members");
        harness.Server.Data.RemoveFromTeam("jdoe", "edubuntu-members");
        harness.Server.Requests.Reset();
        _time.Advance(TimeSpan.FromMinutes(61));

        var map = await harness.GetMembersMapAsync(false, "edubuntu-members");

        Assert.Equal(1, harness.Server.Requests.Count);
        Assert.False(map.IsMember("edubuntu-members", "jdoe"));
        var snapshot = await ReadSnapshotAsync(harness, "edubuntu-members");
        Assert.Equal(3, snapshot.MemberCount);
        Assert.Equal(_time.GetUtcNow(), snapshot.FetchedAt);
    }

    [Fact]
    public async Task GetMembersMapAsync_RefetchesAFreshSnapshot_WhenForced()
    {
        await using var harness = await DirectoryHarness.StartAsync(DirectoryHarness.SampleData(), time: _time);
        await harness.GetMembersMapAsync(false, "edubuntu-members");
        harness.Server.Requests.Reset();

        await harness.GetMembersMapAsync(true, "edubuntu-members");

        Assert.Equal(1, harness.Server.Requests.Count);
    }

    [Fact]
    public async Task GetMembersMapAsync_FlagsAnEmptyListingSuspect_AndKeepsServingThePreviousSnapshot()
    {
        await using var harness = await DirectoryHarness.StartAsync(DirectoryHarness.SampleData(), time: _time);
        await harness.GetMembersMapAsync(false, "edubuntu-members");
        var before = await ReadSnapshotAsync(harness, "edubuntu-members");
        foreach (var member in (string[])["amira-h", "jdoe", "edubuntu-sample-devs"])
        {
            harness.Server.Data.RemoveFromTeam(member, "edubuntu-members");
        }

        _time.Advance(TimeSpan.FromMinutes(5));
        var map = await harness.GetMembersMapAsync(true, "edubuntu-members");

        var team = map.Teams["edubuntu-members"];
        Assert.True(team.IsSuspect);
        Assert.Equal(4, team.People.Count);
        Assert.Equal(before.FetchedAt, team.FetchedAt);
        var after = await ReadSnapshotAsync(harness, "edubuntu-members");
        Assert.Equal(before.MembersJson, after.MembersJson);
        Assert.Equal(before.FetchedAt, after.FetchedAt);
        Assert.Equal(4, after.MemberCount);
    }

    [Fact]
    public async Task GetMembersMapAsync_FlagsAnEmptyFirstListingSuspect_AndStoresNoSnapshot()
    {
        var data = DirectoryHarness.SampleData();
        data.AddTeam("empty-team");
        await using var harness = await DirectoryHarness.StartAsync(data, time: _time);

        var first = await harness.GetMembersMapAsync(false, "empty-team");
        var second = await harness.GetMembersMapAsync(false, "empty-team");

        Assert.True(first.Teams["empty-team"].IsSuspect);
        Assert.Empty(first.Teams["empty-team"].People);
        Assert.True(second.Teams["empty-team"].IsSuspect);
        Assert.Equal(2, harness.Server.Requests.Count);
        await using var scope = harness.Services.CreateAsyncScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<DashboardDbContext>().TeamMembershipSnapshots.AnyAsync(s => s.TeamName == "empty-team"));
    }

    [Fact]
    public async Task GetMembersMapAsync_FetchesSixTeams_WithAtMostMaxConcurrencyRequestsAtOnce()
    {
        string[] teams = ["ubuntumembers", "kubuntu-members", "lubuntu-members", "edubuntu-members", "ubuntustudio-core", "ubuntu-smtp-test"];
        var data = DemoDirectoryData.Empty();
        data.AddSyntheticPeople(60, teams);
        await using var harness = await DirectoryHarness.StartAsync(data, new() { ["Directory:MaxConcurrency"] = "3" }, _time);
        harness.Server.Faults.Latency = TimeSpan.FromMilliseconds(300);

        var map = await harness.GetMembersMapAsync(false, teams);

        Assert.Equal(teams.Order(StringComparer.Ordinal), map.Teams.Keys.Order(StringComparer.Ordinal));
        Assert.All(map.Teams.Values, t => Assert.False(t.IsSuspect));
        Assert.Equal(6, harness.Server.Requests.Count);
        Assert.InRange(harness.Server.Requests.MaxConcurrentRequests, 2, 3);
    }

    [Fact]
    public async Task GetMembersMapAsync_MarksOnlyTheFailingTeamFaulted_AndStoresTheOthers()
    {
        await using var harness = await DirectoryHarness.StartAsync(DirectoryHarness.SampleData(), time: _time);

        var map = await harness.GetMembersMapAsync(false, "edubuntu-members", "no-such-team", "Not_A_Team");

        Assert.Equal(4, (await ReadSnapshotAsync(harness, "edubuntu-members")).MemberCount);
        Assert.False(map.Teams["edubuntu-members"].IsFaulted);
        Assert.Contains("does not exist", map.Teams["no-such-team"].Fault, StringComparison.Ordinal);
        Assert.Contains("not a valid Launchpad name", map.Teams["Not_A_Team"].Fault, StringComparison.Ordinal);
        Assert.Empty(map.Teams["Not_A_Team"].People);
        Assert.DoesNotContain(harness.Server.Requests.Paths, p => p.Contains("not_a_team", StringComparison.OrdinalIgnoreCase));
    }

    private static async Task<Core.Domain.TeamMembershipSnapshot> ReadSnapshotAsync(DirectoryHarness harness, string team)
    {
        await using var scope = harness.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashboardDbContext>();
        return await db.TeamMembershipSnapshots.AsNoTracking().SingleAsync(s => s.TeamName == team);
    }
}
