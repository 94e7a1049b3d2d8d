using System.Diagnostics;
using ForwardEmail.Dashboard.Core.Domain;
using ForwardEmail.Dashboard.Core.Domains;
using ForwardEmail.Dashboard.Core.Mail;
using ForwardEmail.Dashboard.Core.Provisioning;
using ForwardEmail.Dashboard.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ForwardEmail.Dashboard.IntegrationTests.Domains;

/// <summary>One unbound for the class; each test uses its own domain names under <c>.test</c>.</summary>
public sealed class UnboundFixture : IAsyncLifetime
{
    public UnboundDnsServer Dns { get; private set; } = default!;

    public async Task InitializeAsync() => Dns = await UnboundDnsServer.StartAsync();

    public async Task DisposeAsync() => await Dns.DisposeAsync();
}

/// <summary>Domain ownership, MX, SPF and DMARC checked with real DNS queries against a real DNS server on loopback.</summary>
public sealed class DomainCheckTests(UnboundFixture fixture) : IClassFixture<UnboundFixture>
{
    private UnboundDnsServer Dns => fixture.Dns;

    private Task<ProvisioningTestHost> StartAsync(string timeout = "00:00:02") => ProvisioningTestHost.StartAsync(
        data =>
        {
            data.AddPerson("amira-h");
            data.AddToTeam("amira-h", "ubuntumembers");
        },
        new Dictionary<string, string?>
        {
            ["Dns:NameServers:0"] = Dns.NameServer,
            ["Dns:Timeout"] = timeout,
            ["Dns:Retries"] = "0",
            ["Dns:ExpectedMxHosts:0"] = "mx1.forward.example",
            ["Dns:ExpectedMxHosts:1"] = "mx2.forward.example",
        });

    /// <summary>A new domain (pending, enabled, one contact), as an admin would leave it once set up.</summary>
    private static Task<int> AddDomainAsync(ProvisioningTestHost host, string name, string team = "ubuntumembers") => host.WithDbAsync(async db =>
    {
        var domain = new MailDomain
        {
            Name = name,
            VerificationCode = "code-" + name.Replace('.', '-'),
            CreatedAt = host.Time.GetUtcNow(),
            UpdatedAt = host.Time.GetUtcNow(),
            TeamMapping = new TeamMapping { TeamName = team, UpdatedAt = host.Time.GetUtcNow() },
            AdminContacts = [new DomainAdminContact { Email = "hostmaster@example.org" }],
        };
        db.Domains.Add(domain);
        await db.SaveChangesAsync();
        return domain.Id;
    });

    private static Task<DomainCheckResult> CheckAsync(ProvisioningTestHost host, int id) =>
        host.WithServiceAsync<DomainCheckService, DomainCheckResult>(s => s.CheckAsync(id, "ada-admin", CancellationToken.None));

    private static Task<MailDomain> DomainAsync(ProvisioningTestHost host, int id) =>
        host.WithDbAsync(db => db.Domains.AsNoTracking().SingleAsync(d => d.Id == id));

    [Fact]
    public async Task TheTxtRecordPublished_VerifiesTheDomain_WithTheTime()
    {
        await using var host = await StartAsync();
        var id = await AddDomainAsync(host, "verified.test");
        await Dns.SetAsync("verified.test", "TXT \"forward-email-site-verification=code-verified-test\"", "TXT \"v=spf1 include:_spf.example.org -all\"");

        var result = await CheckAsync(host, id);

        Assert.Equal((true, DomainVerificationState.Verified), (result.Checked, result.Verification));
        var domain = await DomainAsync(host, id);
        Assert.Equal(DomainVerificationState.Verified, domain.VerificationState);
        Assert.Equal(host.Time.GetUtcNow(), domain.VerifiedAt);
        Assert.Equal(host.Time.GetUtcNow(), domain.VerificationCheckedAt);
        Assert.Equal("v=spf1 include:_spf.example.org -all", domain.SpfRecord);
        Assert.Null(domain.DmarcRecord);
        Assert.Null(domain.DnsCheckError);
        var audit = Assert.Single(await host.AuditAsync(), a => a.Action == DomainCheckService.CheckedAction);
        Assert.Equal(("ada-admin", "verified.test"), (audit.Actor, audit.Target));
    }

    [Fact]
    public async Task AnotherCodeOrNoRecord_LeavesTheDomainPending()
    {
        await using var host = await StartAsync();
        var wrong = await AddDomainAsync(host, "wrong-code.test");
        var absent = await AddDomainAsync(host, "absent.test");
        await Dns.SetAsync("wrong-code.test", "TXT \"forward-email-site-verification=someone-else\"");

        Assert.Equal(DomainVerificationState.Pending, (await CheckAsync(host, wrong)).Verification);
        Assert.Equal(DomainVerificationState.Pending, (await CheckAsync(host, absent)).Verification);
        Assert.Null((await DomainAsync(host, absent)).DnsCheckError);
    }

    [Fact]
    public async Task ARecordRemovedAfterVerification_FlagsTheDomain_StopsNewAliases_KeepsExistingOnes_AndTellsTheContactsOnce()
    {
        await using var host = await StartAsync();
        var id = await AddDomainAsync(host, "lost.test");
        await Dns.SetAsync("lost.test", "TXT \"forward-email-site-verification=code-lost-test\"");
        await CheckAsync(host, id);
        var amira = await host.AddContributorAsync("amira-h", "amira@example.org");
        await host.ProvisionAsync(amira);
        Assert.Contains(await host.AliasesAsync(), a => a.Domain!.Name == "lost.test" && a.Name == "amira-h" && a.IsEnabled);

        await Dns.RemoveAsync("lost.test");
        host.Advance(TimeSpan.FromHours(6));
        var result = await CheckAsync(host, id);
        host.Advance(TimeSpan.FromHours(6));
        await CheckAsync(host, id);

        Assert.Equal(DomainVerificationState.Lost, result.Verification);
        var domain = await DomainAsync(host, id);
        Assert.Equal(DomainVerificationState.Lost, domain.VerificationState);
        Assert.Equal(ProvisioningTestHost.Start.AddHours(6), domain.VerificationLostAt);
        var told = (await host.OutboxAsync()).Where(m => m.Kind == DomainNotifications.VerificationLostKind).ToList();
        Assert.Equal("hostmaster@example.org", Assert.Single(told).To);

        // Existing alias kept; a newcomer in the team gets none on the flagged domain (but still gets ubuntu.com).
        var kwame = await host.AddContributorAsync("kwame", "kwame@example.org");
        host.Directory.Data.AddPerson("kwame");
        host.Directory.Data.AddToTeam("kwame", "ubuntumembers");
        host.Advance(TimeSpan.FromHours(2));
        await host.ProvisionAsync(kwame);
        var aliases = await host.AliasesAsync();
        Assert.Contains(aliases, a => a.Domain!.Name == "lost.test" && a.Name == "amira-h" && a.IsEnabled);
        Assert.DoesNotContain(aliases, a => a.Domain!.Name == "lost.test" && a.Name == "kwame");
        Assert.Contains(aliases, a => a.Domain!.Name == "ubuntu.com" && a.Name == "kwame");
    }

    [Fact]
    public async Task ARestoredRecord_VerifiesTheDomainAgain()
    {
        await using var host = await StartAsync();
        var id = await AddDomainAsync(host, "restored.test");
        await Dns.SetAsync("restored.test", "TXT \"forward-email-site-verification=code-restored-test\"");
        await CheckAsync(host, id);
        await Dns.RemoveAsync("restored.test");
        await CheckAsync(host, id);

        await Dns.SetAsync("restored.test", "TXT \"forward-email-site-verification=code-restored-test\"");
        host.Advance(TimeSpan.FromMinutes(5));
        var result = await CheckAsync(host, id);

        Assert.Equal(DomainVerificationState.Verified, result.Verification);
        var domain = await DomainAsync(host, id);
        Assert.Null(domain.VerificationLostAt);
        Assert.Equal(host.Time.GetUtcNow(), domain.VerifiedAt);
    }

    [Theory]
    [InlineData(new[] { "MX 10 mx1.forward.example.", "MX 20 mx2.forward.example." }, MxState.Ok, "mx1.forward.example,mx2.forward.example")]
    [InlineData(new string[0], MxState.Missing, null)]
    [InlineData(new[] { "MX 10 mail.elsewhere.example." }, MxState.Wrong, "mail.elsewhere.example")]
    [InlineData(new[] { "MX 10 mx1.forward.example." }, MxState.Wrong, "mx1.forward.example")]
    public async Task MxRecords_AreCorrectMissingOrWrong(string[] records, MxState expected, string? hosts)
    {
        await using var host = await StartAsync();
        var name = $"mx-{expected}-{records.Length}.test".ToLowerInvariant();
        var id = await AddDomainAsync(host, name);
        await Dns.SetAsync(name, [.. records, "TXT \"forward-email-site-verification=code-" + name.Replace('.', '-') + "\""]);

        var result = await CheckAsync(host, id);

        Assert.Equal(expected, result.Mx);
        var domain = await DomainAsync(host, id);
        Assert.Equal(hosts, domain.MxHosts);
        Assert.Equal(host.Time.GetUtcNow(), domain.MxCheckedAt);
    }

    [Fact]
    public async Task TheDmarcPolicy_IsReadFromUnderscoreDmarc()
    {
        await using var host = await StartAsync();
        var id = await AddDomainAsync(host, "dmarc.test");
        await Dns.SetAsync("_dmarc.dmarc.test", "TXT \"v=DMARC1; p=quarantine; rua=mailto:dmarc@example.org\"");

        await CheckAsync(host, id);

        Assert.Equal("v=DMARC1; p=quarantine; rua=mailto:dmarc@example.org", (await DomainAsync(host, id)).DmarcRecord);
    }

    [Fact]
    public async Task AServerThatDoesNotAnswer_TimesOutWithinTheTimeout_SaysCouldNotCheck_AndFlagsNothing()
    {
        await using var host = await StartAsync(timeout: "00:00:01");
        var id = await AddDomainAsync(host, "quiet.silent.test");
        await host.WithDbAsync(async db =>
        {
            var domain = await db.Domains.SingleAsync(d => d.Id == id);
            domain.VerificationState = DomainVerificationState.Verified;
            domain.VerifiedAt = host.Time.GetUtcNow();
            await db.SaveChangesAsync();
        });

        var watch = Stopwatch.StartNew();
        var result = await CheckAsync(host, id);
        watch.Stop();

        Assert.False(result.Checked);
        Assert.NotNull(result.Error);
        var after = await DomainAsync(host, id);
        Assert.Equal(DomainVerificationState.Verified, after.VerificationState);
        Assert.Null(after.VerificationLostAt);
        Assert.NotNull(after.DnsCheckError);
        Assert.DoesNotContain(await host.OutboxAsync(), m => m.Kind == DomainNotifications.VerificationLostKind);

        // Three queries (TXT, MX, DMARC) would each wait one second; the first failure ends the check.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"the check took {watch.Elapsed}");
    }

    [Fact]
    public async Task CheckAll_ChecksEveryDomain_AndOneSilentDomainDoesNotStopTheOthers()
    {
        await using var host = await StartAsync(timeout: "00:00:01");
        var silent = await AddDomainAsync(host, "a.silent.test");
        var good = await AddDomainAsync(host, "z-good.test");
        await Dns.SetAsync("z-good.test", "TXT \"forward-email-site-verification=code-z-good-test\"");

        var results = await host.WithServiceAsync<DomainCheckService, IReadOnlyList<DomainCheckResult>>(s => s.CheckAllAsync(CancellationToken.None));

        Assert.False(results.Single(r => r.DomainId == silent).Checked);
        Assert.Equal(DomainVerificationState.Verified, results.Single(r => r.DomainId == good).Verification);
    }
}
