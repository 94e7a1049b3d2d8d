using System.Net;
using ForwardEmail.Dashboard.Core.Directory;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ForwardEmail.Dashboard.Core.Tests.DirectoryClient;

/// <summary>The decoding and the paging guards, against the real fixture payloads and hand-made pages; no resilience pipeline here.</summary>
public sealed class LaunchpadClientTests
{
    private const string Base = "https://api.launchpad.net/1.0/";
    private const string FixtureFirstPage = Base + "~edubuntu-members/participants?ws.size=2";
    private const string TeamFirstPage = Base + "~team/participants?ws.size=2";

    private readonly StubDirectoryHandler _handler = new();

    [Theory]
    [InlineData("person-active.json", "amira-h", "\u0623\u0645\u064a\u0631\u0629 \u062d\u0633\u0646", true, true, false)]
    [InlineData("person-no-coc.json", "jdoe", "Jane Doe", true, false, false)]
    [InlineData("person-invalid.json", "rvandijk", "Ruud van Dijk", false, true, false)]
    [InlineData("team-person.json", "edubuntu-members", "Edubuntu Members", true, false, true)]
    public async Task GetPersonAsync_DecodesTheFixtureEntry(string file, string name, string displayName, bool isValid, bool isCocSigner, bool isTeam)
    {
        _handler.Json(Base + "~" + name, LaunchpadFixtures.Read(file));

        var lookup = await CreateClient().GetPersonAsync(name, CancellationToken.None);

        Assert.Equal(PersonLookupStatus.Found, lookup.Status);
        Assert.Equal(new DirectoryPerson(name, displayName, isValid, isCocSigner, isTeam), lookup.Person);
    }

    [Fact]
    public async Task GetTeamParticipantsAsync_ReadsTheThreeFixturePages_SkippingTheSubTeam()
    {
        _handler
            .Json(FixtureFirstPage, LaunchpadFixtures.Read("participants-page-1.json"))
            .Json(FixtureFirstPage + "&memo=2&ws.start=2", LaunchpadFixtures.Read("participants-page-2.json"))
            .Json(FixtureFirstPage + "&memo=4&ws.start=4", LaunchpadFixtures.Read("participants-page-3.json"));

        var people = await CreateClient().GetTeamParticipantsAsync("edubuntu-members", CancellationToken.None);

        Assert.Equal(["jdoe", "lfischer", "amira-h", "somchai"], people.Select(p => p.Name));
        Assert.Equal([false, true, true, true], people.Select(p => p.IsCocSigner));
        Assert.All(people, p => Assert.True(p.IsValid && !p.IsTeam));
        Assert.Equal("\u0e2a\u0e21\u0e0a\u0e32\u0e22 \u0e43\u0e08\u0e14\u0e35", people[3].DisplayName);
        Assert.Equal(3, _handler.Requests.Count);
    }

    [Theory]
    [InlineData("\"is_ubuntu_coc_signer\": true, \"is_team\": false")]
    [InlineData("\"is_valid\": \"true\", \"is_ubuntu_coc_signer\": true, \"is_team\": false")]
    [InlineData("\"is_valid\": null, \"is_ubuntu_coc_signer\": true, \"is_team\": false")]
    [InlineData("\"is_valid\": true, \"is_team\": false")]
    [InlineData("\"is_valid\": true, \"is_ubuntu_coc_signer\": 1, \"is_team\": false")]
    public async Task GetPersonAsync_ThrowsInvalidResponse_WhenAFlagIsMissingOrNotBoolean(string flags)
    {
        _handler.Json(Base + "~jdoe", $"{{\"name\": \"jdoe\", \"display_name\": \"Jane Doe\", {flags}}}");

        await Assert.ThrowsAsync<InvalidDirectoryResponseException>(() => CreateClient().GetPersonAsync("jdoe", CancellationToken.None));
    }

    [Fact]
    public async Task GetPersonAsync_ThrowsInvalidResponse_WhenTheBodyIsNotJson()
    {
        _handler.Json(Base + "~jdoe", "<html>maintenance</html>");

        await Assert.ThrowsAsync<InvalidDirectoryResponseException>(() => CreateClient().GetPersonAsync("jdoe", CancellationToken.None));
    }

    [Fact]
    public async Task GetTeamParticipantsAsync_MarksOnlyThatEntryMalformed_WhenAnEntryLacksIsValid()
    {
        _handler.Json(TeamFirstPage, $"{{\"total_size\": 2, \"entries\": [{Entry("p1")}, {{\"name\": \"p2\", \"is_ubuntu_coc_signer\": true, \"is_team\": false}}]}}");

        var people = await CreateClient().GetTeamParticipantsAsync("team", CancellationToken.None);

        Assert.Null(Assert.Single(people, p => p.Name == "p1").Problem);
        Assert.Contains("is_valid", Assert.Single(people, p => p.Name == "p2").Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetTeamParticipantsAsync_ThrowsInvalidResponse_WhenAnEntryHasNoName()
    {
        _handler.Json(TeamFirstPage, $"{{\"total_size\": 2, \"entries\": [{Entry("p1")}, {{\"is_valid\": true, \"is_ubuntu_coc_signer\": true, \"is_team\": false}}]}}");

        await Assert.ThrowsAsync<InvalidDirectoryResponseException>(() => CreateClient().GetTeamParticipantsAsync("team", CancellationToken.None));
    }

    [Fact]
    public async Task GetTeamParticipantsAsync_ThrowsInvalidResponse_WhenTheNextLinkRepeatsAPage()
    {
        var second = TeamFirstPage + "&memo=2&ws.start=2";
        _handler
            .Json(TeamFirstPage, Page(total: 6, next: second, "p1", "p2"))
            .Json(second, Page(total: 6, next: second, "p3", "p4"));

        await Assert.ThrowsAsync<InvalidDirectoryResponseException>(() => CreateClient().GetTeamParticipantsAsync("team", CancellationToken.None));
        Assert.Equal(2, _handler.Requests.Count);
    }

    [Theory]
    [InlineData("https://evil.example/1.0/~team/participants?ws.size=2&memo=2")]
    [InlineData("http://api.launchpad.net/1.0/~team/participants?ws.size=2&memo=2")]
    [InlineData("https://api.launchpad.net:8443/1.0/~team/participants?ws.size=2&memo=2")]
    [InlineData("/1.0/~team/participants?ws.size=2&memo=2")]
    public async Task GetTeamParticipantsAsync_ThrowsInvalidResponse_WithoutFollowingANextLinkOffTheBaseUrl(string next)
    {
        _handler.Json(TeamFirstPage, Page(total: 4, next: next, "p1", "p2"));

        await Assert.ThrowsAsync<InvalidDirectoryResponseException>(() => CreateClient().GetTeamParticipantsAsync("team", CancellationToken.None));
        Assert.Single(_handler.Requests);
    }

    [Fact]
    public async Task GetTeamParticipantsAsync_ThrowsInvalidResponse_WhenPagesRunPastTotalSize()
    {
        // total_size 2 at 2 a page allows ceil(2/2)+1 = 2 pages; the third is never requested.
        for (var page = 0; page < 5; page++)
        {
            _handler.Json(PageUrl(page), Page(total: 2, next: PageUrl(page + 1), $"p{page}a", $"p{page}b"));
        }

        await Assert.ThrowsAsync<InvalidDirectoryResponseException>(() => CreateClient().GetTeamParticipantsAsync("team", CancellationToken.None));
        Assert.Equal(2, _handler.Requests.Count);
    }

    [Fact]
    public async Task GetTeamParticipantsAsync_ThrowsInvalidResponse_WhenPagesExceedMaxPages()
    {
        for (var page = 0; page < 10; page++)
        {
            _handler.Json(PageUrl(page), Page(total: 1000, next: PageUrl(page + 1), $"p{page}a", $"p{page}b"));
        }

        await Assert.ThrowsAsync<InvalidDirectoryResponseException>(() => CreateClient(maxPages: 3).GetTeamParticipantsAsync("team", CancellationToken.None));
        Assert.Equal(3, _handler.Requests.Count);
    }

    [Fact]
    public async Task GetTeamParticipantsAsync_ReadsAgainOnce_ThenThrowsUnavailable_WhenTotalSizeKeepsChanging()
    {
        _handler
            .Json(TeamFirstPage, Page(total: 3, next: PageUrl(1), "p1", "p2"))
            .Json(PageUrl(1), Page(total: 4, next: null, "p3", "p4"));

        await Assert.ThrowsAsync<DirectoryUnavailableException>(() => CreateClient().GetTeamParticipantsAsync("team", CancellationToken.None));
        Assert.Equal(4, _handler.Requests.Count);
    }

    [Fact]
    public async Task GetTeamParticipantsAsync_ReturnsEmpty_ForAnEmptyListing()
    {
        _handler.Json(TeamFirstPage, "{\"start\": 0, \"total_size\": 0, \"entries\": [], \"resource_type_link\" : \"x\"}");

        Assert.Empty(await CreateClient().GetTeamParticipantsAsync("team", CancellationToken.None));
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.Gone)]
    public async Task GetTeamParticipantsAsync_ThrowsInvalidResponse_WhenTheTeamDoesNotExist(HttpStatusCode status)
    {
        _handler.Status(TeamFirstPage, status);

        await Assert.ThrowsAsync<InvalidDirectoryResponseException>(() => CreateClient().GetTeamParticipantsAsync("team", CancellationToken.None));
    }

    [Fact]
    public async Task GetPersonAsync_ThrowsInvalidResponse_OnARedirect()
    {
        _handler.Status(Base + "~jdoe", HttpStatusCode.MovedPermanently);

        await Assert.ThrowsAsync<InvalidDirectoryResponseException>(() => CreateClient().GetPersonAsync("jdoe", CancellationToken.None));
    }

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.InternalServerError)]
    public async Task GetPersonAsync_ThrowsUnavailable_OnATransientStatusLeftAfterTheRetries(HttpStatusCode status)
    {
        _handler.Status(Base + "~jdoe", status);

        await Assert.ThrowsAsync<DirectoryUnavailableException>(() => CreateClient().GetPersonAsync("jdoe", CancellationToken.None));
    }

    private static string PageUrl(int page) => page == 0 ? TeamFirstPage : $"{TeamFirstPage}&memo={page * 2}&ws.start={page * 2}";

    private static string Entry(string name) =>
        $"{{\"name\": \"{name}\", \"display_name\": \"{name}\", \"is_valid\": true, \"is_ubuntu_coc_signer\": true, \"is_team\": false}}";

    private static string Page(int total, string? next, params string[] names) =>
        $"{{\"start\": 0, \"total_size\": {total}, "
        + (next is null ? "" : $"\"next_collection_link\": \"{next.Replace("&", "\\u0026", StringComparison.Ordinal)}\", ")
        + $"\"entries\": [{string.Join(", ", names.Select(Entry))}], \"resource_type_link\" : \"{Base}#person-page-resource\"}}";

    private LaunchpadClient CreateClient(int maxPages = 1000) =>
        new(new HttpClient(_handler) { BaseAddress = new Uri(Base) },
            Options.Create(new LaunchpadOptions { BaseUrl = new Uri(Base), PageSize = 2, MaxPages = maxPages }),
            NullLogger<LaunchpadClient>.Instance);
}
