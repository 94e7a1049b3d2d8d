using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ForwardEmail.Dashboard.Core.Directory;
using ForwardEmail.Dashboard.Demo.Directory;

namespace ForwardEmail.Dashboard.IntegrationTests.DirectoryClient;

/// <summary>The demo directory speaks the wire format of ../shared/launchpad.</summary>
public sealed class DemoDirectoryFormatTests : IAsyncLifetime
{
    private DemoDirectoryServer _server = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _server = await DemoDirectoryServer.StartAsync(DirectoryHarness.SampleData());
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = _server.BaseUrl };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task PersonEntry_DecodesLikeTheFixture_WithTheSameFieldsInTheSameOrder()
    {
        var fixture = LaunchpadFixtures.Read("person-active.json");

        var demo = await _http.GetByteArrayAsync("~amira-h");

        Assert.Equal(LaunchpadJson.ParsePerson(fixture), LaunchpadJson.ParsePerson(demo));
        Assert.Equal(Keys(fixture), Keys(demo));
    }

    [Theory]
    [InlineData("person-no-coc.json", "jdoe")]
    [InlineData("person-invalid.json", "rvandijk")]
    [InlineData("team-person.json", "edubuntu-members")]
    public async Task Entry_DecodesLikeTheFixture_WithTheSameFieldsInTheSameOrder(string file, string name)
    {
        var fixture = LaunchpadFixtures.Read(file);

        var demo = await _http.GetByteArrayAsync("~" + name);

        Assert.Equal(LaunchpadJson.ParsePerson(fixture), LaunchpadJson.ParsePerson(demo));
        Assert.Equal(Keys(fixture), Keys(demo));
    }

    [Fact]
    public async Task Entry_IsAsciiOnly_WithLinksBackToTheServer_AndTheRedactionTag()
    {
        var body = await _http.GetByteArrayAsync("~amira-h");

        Assert.All(body, b => Assert.True(b < 0x80));
        Assert.Contains("\\u0623\\u0645", Encoding.ASCII.GetString(body), StringComparison.Ordinal);
        using var json = JsonDocument.Parse(body);
        Assert.Equal(_server.BaseUrl.AbsoluteUri + "~amira-h", json.RootElement.GetProperty("self_link").GetString());
        Assert.Equal(new Uri(_server.BaseUrl, "/~amira-h").AbsoluteUri, json.RootElement.GetProperty("web_link").GetString());
        Assert.Equal("tag:launchpad.net:2008:redacted", json.RootElement.GetProperty("id").GetString());
        Assert.Equal("tag:launchpad.net:2008:redacted", json.RootElement.GetProperty("preferred_email_address_link").GetString());
    }

    [Fact]
    public async Task ParticipantsPages_MatchTheFixturePages_AndEscapeAmpersandsInLinks()
    {
        var pages = new List<byte[]>();
        for (string? next = "~edubuntu-members/participants?ws.size=2"; next is not null;)
        {
            var page = await _http.GetByteArrayAsync(next);
            pages.Add(page);
            using var json = JsonDocument.Parse(page);
            next = json.RootElement.TryGetProperty("next_collection_link", out var link) ? link.GetString() : null;
        }

        Assert.Equal(3, pages.Count);
        for (var i = 0; i < 3; i++)
        {
            var fixture = LaunchpadFixtures.Read($"participants-page-{i + 1}.json");
            Assert.Equal(Keys(fixture), Keys(pages[i]));
            Assert.Equal(Start(fixture), Start(pages[i]));
            Assert.Contains("\"resource_type_link\" : ", Encoding.ASCII.GetString(pages[i]), StringComparison.Ordinal);
        }

        var first = Encoding.ASCII.GetString(pages[0]);
        Assert.Contains($"\"next_collection_link\": \"{_server.BaseUrl.AbsoluteUri}~edubuntu-members/participants?ws.size=2\\u0026memo=2\\u0026ws.start=2\"", first, StringComparison.Ordinal);
        Assert.Contains("?ws.size=2\\u0026direction=backwards\\u0026memo=4\\u0026ws.start=2\"", Encoding.ASCII.GetString(pages[2]), StringComparison.Ordinal);
        var entries = pages.SelectMany(p => LaunchpadJson.ParsePage(p).Entries).ToList();
        var fixtureEntries = Enumerable.Range(1, 3).SelectMany(i => LaunchpadJson.ParsePage(LaunchpadFixtures.Read($"participants-page-{i}.json")).Entries);
        Assert.Equal(fixtureEntries, entries);
    }

    [Fact]
    public async Task Members_ListsDirectMembersOnly_WhileParticipantsResolveSubTeams()
    {
        var members = LaunchpadJson.ParsePage(await _http.GetByteArrayAsync("~edubuntu-members/members")).Entries.Select(e => e.Name);
        var participants = LaunchpadJson.ParsePage(await _http.GetByteArrayAsync("~edubuntu-members/participants")).Entries.Select(e => e.Name);

        Assert.Equal(["amira-h", "edubuntu-sample-devs", "jdoe"], members.Order(StringComparer.Ordinal));
        Assert.Equal(["amira-h", "edubuntu-sample-devs", "jdoe", "lfischer", "somchai"], participants.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Participants_OfAPerson_IsAnEmptyCollection()
    {
        var page = LaunchpadJson.ParsePage(await _http.GetByteArrayAsync("~jdoe/participants"));

        Assert.Equal(0, page.TotalSize);
        Assert.Empty(page.Entries);
    }

    [Fact]
    public async Task Participants_DefaultsTo75APage_AndRefusesMoreThan300()
    {
        _server.Data.AddSyntheticPeople(80, ["edubuntu-members"]);

        var defaultPage = await _http.GetByteArrayAsync("~edubuntu-members/participants?ws.size=0");
        using var tooLarge = await _http.GetAsync("~edubuntu-members/participants?ws.size=301");

        Assert.Equal(75, LaunchpadJson.ParsePage(defaultPage).Entries.Count);
        Assert.EndsWith("?ws.size=75&memo=75&ws.start=75", LaunchpadJson.ParsePage(defaultPage).NextCollectionLink, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, tooLarge.StatusCode);
        Assert.Equal("Maximum for \"ws.size\" parameter is 300.", await tooLarge.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task UnknownName_Answers404_InLaunchpadsTextPlainForm()
    {
        using var response = await _http.GetAsync("~nosuchuser");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var fixtureShape = new Regex(@"^Object: <lp\.systemhomes\.WebServiceApplication object at 0x[0-9a-f]+>, name: '~nosuchuser'\z");
        Assert.Matches(fixtureShape, Encoding.ASCII.GetString(LaunchpadFixtures.Read("not-found-404.txt")));
        Assert.Matches(fixtureShape, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task SuspendedAccount_Answers410()
    {
        using var response = await _http.GetAsync("~suspended-sam");

        Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
    }

    [Fact]
    public async Task CapitalisedName_Answers301_ToTheLowercaseUrl_KeepingPathAndQuery()
    {
        using var response = await _http.GetAsync("~Edubuntu-Members/participants?ws.size=2");

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal(new Uri(_server.BaseUrl, "~edubuntu-members/participants?ws.size=2"), response.Headers.Location);
    }

    [Fact]
    public async Task Entry_CarriesItsHttpEtag_AnswersIfNoneMatchWith304_AndChangesWithTheData()
    {
        using var first = await _http.GetAsync("~jdoe");
        var etag = first.Headers.ETag!.ToString();
        using var json = JsonDocument.Parse(await first.Content.ReadAsByteArrayAsync());
        using var conditional = new HttpRequestMessage(HttpMethod.Get, "~jdoe") { Headers = { { "If-None-Match", etag } } };
        using var notModified = await _http.SendAsync(conditional);
        _server.Data.UpdatePerson("jdoe", isCocSigner: true);
        using var changed = await _http.GetAsync("~jdoe");

        Assert.Equal(json.RootElement.GetProperty("http_etag").GetString(), etag);
        Assert.Matches("^\"[0-9a-f]{40}-[0-9a-f]{40}\"$", etag);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag!.ToString());
    }

    [Fact]
    public async Task ParticipantsPage_HasNoEtag()
    {
        using var response = await _http.GetAsync("~edubuntu-members/participants");

        Assert.Null(response.Headers.ETag);
    }

    private static List<string> Keys(byte[] body)
    {
        using var json = JsonDocument.Parse(body);
        return [.. json.RootElement.EnumerateObject().Select(p => p.Name)];
    }

    private static int Start(byte[] body)
    {
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("start").GetInt32();
    }
}
