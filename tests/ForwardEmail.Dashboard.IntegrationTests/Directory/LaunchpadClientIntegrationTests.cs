using ForwardEmail.Dashboard.Core.Directory;
using ForwardEmail.Dashboard.Demo.Directory;

namespace ForwardEmail.Dashboard.IntegrationTests.DirectoryClient;

/// <summary>The real client, through AddDirectoryClient and its resilience pipeline, over HTTP to the demo directory.</summary>
public sealed class LaunchpadClientIntegrationTests
{
    [Fact]
    public async Task GetPersonAsync_ReturnsFound_ForAValidCocSigner()
    {
        await using var harness = await DirectoryHarness.StartAsync(DirectoryHarness.SampleData());

        var lookup = await harness.Client.GetPersonAsync("amira-h", CancellationToken.None);

        Assert.Equal(PersonLookupStatus.Found, lookup.Status);
        Assert.Equal(new DirectoryPerson("amira-h", "\u0623\u0645\u064a\u0631\u0629 \u062d\u0633\u0646", true, true, false), lookup.Person);
    }

    [Fact]
    public async Task GetPersonAsync_ReturnsIsValidFalse_ForADeactivatedAccount()
    {
        await using var harness = await DirectoryHarness.StartAsync(DirectoryHarness.SampleData());

        var lookup = await harness.Client.GetPersonAsync("rvandijk", CancellationToken.None);

        Assert.Equal(new DirectoryPerson("rvandijk", "Ruud van Dijk", IsValid: false, IsCocSigner: true, IsTeam: false), lookup.Person);
    }

    [Fact]
    public async Task GetPersonAsync_ReturnsIsCocSignerFalse_ForANonSigner()
    {
        await using var harness = await DirectoryHarness.StartAsync(DirectoryHarness.SampleData());

        var lookup = await harness.Client.GetPersonAsync("jdoe", CancellationToken.None);

        Assert.Equal(new DirectoryPerson("jdoe", "Jane Doe", IsValid: true, IsCocSigner: false, IsTeam: false), lookup.Person);
    }

    [Fact]
    public async Task GetPersonAsync_ReturnsNotFound_On404_WithoutRetrying()
    {
        await using var harness = await DirectoryHarness.StartAsync(DirectoryHarness.SampleData());

        var lookup = await harness.Client.GetPersonAsync("ghost", CancellationToken.None);

        Assert.Same(PersonLookup.NotFound, lookup);
        Assert.Equal(1, harness.Server.Requests.Count);
    }

    [Fact]
    public async Task GetPersonAsync_ReturnsSuspended_On410_WithoutRetrying()
    {
        await using var harness = await DirectoryHarness.StartAsync(DirectoryHarness.SampleData());

        var lookup = await harness.Client.GetPersonAsync("suspended-sam", CancellationToken.None);

        Assert.Same(PersonLookup.Suspended, lookup);
        Assert.Equal(1, harness.Server.Requests.Count);
    }

    [Theory]
    [InlineData("\"is_valid\": true, ", "")]
    [InlineData("\"is_valid\": true, ", "\"is_valid\": \"yes\", ")]
    [InlineData("\"is_ubuntu_coc_signer\": true, ", "")]
    public async Task GetPersonAsync_ThrowsInvalidDirectoryResponse_WhenAFlagIsMissingOrNotBoolean(string field, string replacement)
    {
        await using var harness = await DirectoryHarness.StartAsync(DirectoryHarness.SampleData());
        harness.Server.Faults.RewriteJson = body => body.Replace(field, replacement, StringComparison.Ordinal);

        await Assert.ThrowsAsync<InvalidDirectoryResponseException>(() => harness.Client.GetPersonAsync("amira-h", CancellationToken.None));
        Assert.Equal(1, harness.Server.Requests.Count);
    }

    [Theory]
    [InlineData("Bad_Name")]
    [InlineData("-x")]
    [InlineData("a")]
    [InlineData("amira-h/../admin")]
    [InlineData("amira-h?ws.op=x")]
    public async Task GetPersonAsync_ThrowsInvalidName_WithoutAnyRequest(string name)
    {
        await using var harness = await DirectoryHarness.StartAsync(DirectoryHarness.SampleData());

        var ex = await Assert.ThrowsAsync<InvalidDirectoryNameException>(() => harness.Client.GetPersonAsync(name, CancellationToken.None));

        Assert.Equal(name, ex.Name);
        Assert.Equal(0, harness.Server.Requests.Count);
    }

    [Fact]
    public async Task GetTeamParticipantsAsync_ThrowsInvalidName_WithoutAnyRequest()
    {
        await using var harness = await DirectoryHarness.StartAsync(DirectoryHarness.SampleData());

        await Assert.ThrowsAsync<InvalidDirectoryNameException>(() => harness.Client.GetTeamParticipantsAsync("~edubuntu-members", CancellationToken.None));
        Assert.Equal(0, harness.Server.Requests.Count);
    }

    [Fact]
    public async Task GetPersonAsync_LowercasesACapitalisedName_BeforeTheRequest()
    {
        await using var harness = await DirectoryHarness.StartAsync(DirectoryHarness.SampleData());

        var lookup = await harness.Client.GetPersonAsync("Amira-H", CancellationToken.None);

        Assert.Equal("amira-h", lookup.Person?.Name);
        Assert.Equal(["/1.0/~amira-h"], harness.Server.Requests.Paths);
    }

    [Fact]
    public async Task GetPersonAsync_Succeeds_After503Twice_InExactlyThreeRequests()
    {
        await using var harness = await DirectoryHarness.StartAsync(DirectoryHarness.SampleData());
        harness.Server.Faults.FailNextRequests = 2;

        var lookup = await harness.Client.GetPersonAsync("amira-h", CancellationToken.None);

        Assert.Equal(PersonLookupStatus.Found, lookup.Status);
        Assert.Equal(3, harness.Server.Requests.Count);
    }

    [Fact]
    public async Task GetPersonAsync_WaitsForRetryAfter_On429_ThenSucceeds()
    {
        await using var harness = await DirectoryHarness.StartAsync(DirectoryHarness.SampleData());
        harness.Server.Faults.FailStatusCode = 429;
        harness.Server.Faults.RetryAfterSeconds = 1;
        harness.Server.Faults.FailNextRequests = 1;

        var lookup = await harness.Client.GetPersonAsync("amira-h", CancellationToken.None);

        Assert.Equal(PersonLookupStatus.Found, lookup.Status);
        var requests = harness.Server.Requests.Requests;
        Assert.Equal(2, requests.Count);
        // The backoff alone is 10 ms; only Retry-After explains a wait of about a second.
        Assert.True(requests[1].ReceivedAt - requests[0].ReceivedAt >= TimeSpan.FromMilliseconds(900),
            $"retried after {requests[1].ReceivedAt - requests[0].ReceivedAt}");
    }

    [Fact]
    public async Task GetPersonAsync_CapsRetryAfter_AtMaxRetryAfter()
    {
        // Launchpad answers overload with Retry-After: 900; uncapped, the 5 s total timeout would expire first.
        await using var harness = await DirectoryHarness.StartAsync(
            DirectoryHarness.SampleData(),
            new() { ["Directory:MaxRetryAfter"] = "00:00:00.100", ["Directory:AttemptTimeout"] = "00:00:02", ["Directory:TotalTimeout"] = "00:00:05" });
        harness.Server.Faults.FailStatusCode = 503;
        harness.Server.Faults.RetryAfterSeconds = 900;
        harness.Server.Faults.FailNextRequests = 1;

        var lookup = await harness.Client.GetPersonAsync("amira-h", CancellationToken.None);

        Assert.Equal(PersonLookupStatus.Found, lookup.Status);
        Assert.Equal(2, harness.Server.Requests.Count);
    }

    [Fact]
    public async Task GetPersonAsync_ThrowsDirectoryUnavailable_AfterMaxRetryAttemptsPlusOneRequests_WhenTheDirectoryIsDown()
    {
        await using var harness = await DirectoryHarness.StartAsync(DirectoryHarness.SampleData(), new() { ["Directory:MaxRetryAttempts"] = "3" });
        harness.Server.Faults.FailNextRequests = int.MaxValue;

        await Assert.ThrowsAsync<DirectoryUnavailableException>(() => harness.Client.GetPersonAsync("amira-h", CancellationToken.None));
        Assert.Equal(4, harness.Server.Requests.Count);
    }

    [Fact]
    public async Task GetPersonAsync_ThrowsDirectoryUnavailable_AfterPerAttemptTimeouts_WhenTheDirectoryHangs()
    {
        await using var harness = await DirectoryHarness.StartAsync(
            DirectoryHarness.SampleData(), new() { ["Directory:AttemptTimeout"] = "00:00:02", ["Directory:MaxRetryAttempts"] = "1" });
        harness.Server.Faults.Hang = true;

        var ex = await Assert.ThrowsAsync<DirectoryUnavailableException>(() => harness.Client.GetPersonAsync("amira-h", CancellationToken.None));

        // By name: Polly 7 (through Hangfire) and Polly 8 both define the type.
        Assert.Equal("Polly.Timeout.TimeoutRejectedException", ex.InnerException?.GetType().FullName);
        // The server logs a request when its handler starts; on a loaded machine (the whole suite on two cores) the retry
        // can reach the client's timeout before that, so its arrival is awaited rather than read at once.
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (harness.Server.Requests.Count < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Equal(2, harness.Server.Requests.Count);
    }

    [Fact]
    public async Task GetPersonAsync_FailsFastWithoutARequest_WhileTheCircuitIsOpen()
    {
        await using var harness = await DirectoryHarness.StartAsync(
            DirectoryHarness.SampleData(),
            new() { ["Directory:MinimumThroughput"] = "2", ["Directory:FailureRatio"] = "0.5", ["Directory:BreakDuration"] = "00:01:00" });
        harness.Server.Faults.FailNextRequests = int.MaxValue;
        await Assert.ThrowsAsync<DirectoryUnavailableException>(() => harness.Client.GetPersonAsync("amira-h", CancellationToken.None));
        harness.Server.Faults.FailNextRequests = 0;
        harness.Server.Requests.Reset();

        var ex = await Assert.ThrowsAsync<DirectoryUnavailableException>(() => harness.Client.GetPersonAsync("amira-h", CancellationToken.None));

        Assert.Equal("Polly.CircuitBreaker.BrokenCircuitException", ex.InnerException?.GetType().FullName);
        Assert.Equal(0, harness.Server.Requests.Count);
    }

    [Fact]
    public async Task GetTeamParticipantsAsync_ReadsThreePagesWhole_SkippingTheSubTeam()
    {
        await using var harness = await DirectoryHarness.StartAsync(DirectoryHarness.SampleData(), new() { ["Directory:PageSize"] = "2" });

        var people = await harness.Client.GetTeamParticipantsAsync("edubuntu-members", CancellationToken.None);

        Assert.Equal(["amira-h", "jdoe", "lfischer", "somchai"], people.Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(
            [
                "/1.0/~edubuntu-members/participants?ws.size=2",
                "/1.0/~edubuntu-members/participants?ws.size=2&memo=2&ws.start=2",
                "/1.0/~edubuntu-members/participants?ws.size=2&memo=4&ws.start=4",
            ],
            harness.Server.Requests.Paths);
    }

    [Fact]
    public async Task GetTeamParticipantsAsync_RetriesAFailedPage_AndReadsTheListingWhole()
    {
        await using var harness = await DirectoryHarness.StartAsync(DirectoryHarness.SampleData(), new() { ["Directory:PageSize"] = "2" });
        harness.Server.Faults.FailNextRequests = 1;

        var people = await harness.Client.GetTeamParticipantsAsync("edubuntu-members", CancellationToken.None);

        Assert.Equal(4, people.Count);
        Assert.Equal(4, harness.Server.Requests.Count);
    }

    [Fact]
    public async Task Personas_AnswerEveryDirectoryBranch()
    {
        await using var harness = await DirectoryHarness.StartAsync(DemoDirectoryData.LoadPersonas());

        var members = await harness.Client.GetTeamParticipantsAsync("ubuntumembers", CancellationToken.None);

        Assert.Contains(members, p => p.Name == "somchai");
        Assert.DoesNotContain(members, p => p.IsTeam);
        Assert.Same(PersonLookup.Suspended, await harness.Client.GetPersonAsync("suspended-sam", CancellationToken.None));
        Assert.Same(PersonLookup.NotFound, await harness.Client.GetPersonAsync("ghost", CancellationToken.None));
        Assert.False((await harness.Client.GetPersonAsync("rvandijk", CancellationToken.None)).Person!.IsValid);
        Assert.False((await harness.Client.GetPersonAsync("jdoe", CancellationToken.None)).Person!.IsCocSigner);
    }
}
