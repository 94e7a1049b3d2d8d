using System.Globalization;
using System.Security.Claims;
using Bunit;
using ForwardEmail.Dashboard.Core.Data;
using ForwardEmail.Dashboard.Core.Directory;
using ForwardEmail.Dashboard.Core.Domain;
using ForwardEmail.Dashboard.Core.Domains;
using ForwardEmail.Dashboard.Core.Live;
using ForwardEmail.Dashboard.Web.Features.Auth;
using ForwardEmail.Dashboard.Web.Features.Domains;
using ForwardEmail.Dashboard.Web.Features.Live;
using ForwardEmail.Dashboard.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ForwardEmail.Dashboard.Web.Tests.Features.Domains;

/// <summary>The admin console's domain pages with the real administration and check services; DNS and Launchpad stubbed.</summary>
public sealed class DomainsConsoleTests() : DashboardTestContext("en", AddServices)
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    private static void AddServices(IServiceCollection services)
    {
        services.AddSingleton<TimeProvider>(new FixedTime(Now));
        services.AddSingleton(Options.Create(new OidcOptions()));
        services.AddSingleton(Options.Create(new BootstrapAuthorizationOptions { BootstrapAdmins = ["ada-admin"] }));
        services.AddSingleton(Options.Create(new DashboardSessionOptions()));
        services.AddSingleton(Options.Create(new DnsOptions { ExpectedMxHosts = ["mx1.forward.example"] }));
        services.AddSingleton<RoleLookup>();
        services.AddSingleton<StubDns>();
        services.AddSingleton<IDomainDnsLookup>(s => s.GetRequiredService<StubDns>());
        services.AddSingleton<StubDirectory>();
        services.AddSingleton<IDirectoryClient>(s => s.GetRequiredService<StubDirectory>());
        services.AddSingleton<DashboardChanges>();
        services.AddLogging();
        services.AddSingleton<IDashboardChangeNotifier>(s => s.GetRequiredService<DashboardChanges>());
        services.AddSingleton(s => new DomainCheckService(
            s.GetRequiredService<IDbContextFactory<DashboardDbContext>>(), s.GetRequiredService<IDomainDnsLookup>(), s.GetRequiredService<IOptions<DnsOptions>>(),
            s.GetRequiredService<IDashboardChangeNotifier>(), s.GetRequiredService<TimeProvider>(), NullLogger<DomainCheckService>.Instance));
        services.AddScoped<DomainAdministrationService>();
    }

    private StubDns Dns => Services.GetRequiredService<StubDns>();

    private StubDirectory Directory => Services.GetRequiredService<StubDirectory>();

    private ClaimsPrincipal SignIn(string username, bool admin)
    {
        var claims = new[]
        {
            new Claim(DashboardClaimTypes.Subject, "sub-" + username),
            new Claim(DashboardClaimTypes.Username, username),
            new Claim(DashboardClaimTypes.SessionStartedAt, Now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
        };
        var roles = admin ? new[] { nameof(DashboardRole.Contributor), nameof(DashboardRole.Admin) } : [nameof(DashboardRole.Contributor), nameof(DashboardRole.Support)];
        var policies = admin ? new[] { DashboardPolicies.Contributor, DashboardPolicies.Support, DashboardPolicies.Admin } : [DashboardPolicies.Contributor, DashboardPolicies.Support];
        Authorization.SetAuthorized(username).SetRoles(roles).SetPolicies(policies).SetClaims(claims);
        return new ClaimsPrincipal(new ClaimsIdentity(claims, "test", DashboardClaimTypes.Username, DashboardClaimTypes.Role));
    }

    private async Task<int> SeedAsync(string name = "lists.example.org", bool enabled = true, params string[] contacts)
    {
        await using var db = CreateDb();
        var domain = new MailDomain
        {
            Name = name,
            VerificationCode = "abc123",
            IsEnabled = enabled,
            CreatedAt = Now,
            UpdatedAt = Now,
            TeamMapping = new TeamMapping { TeamName = "ubuntumembers", UpdatedAt = Now },
            AdminContacts = [.. contacts.Select(c => new DomainAdminContact { Email = c })],
        };
        db.Domains.Add(domain);
        await db.SaveChangesAsync();
        return domain.Id;
    }

    private IRenderedComponent<DomainDetailPage> RenderDetail(int id) => Render<DomainDetailPage>(p => p.Add(x => x.Id, id));

    private static async Task TypeAsync(IRenderedComponent<DomainDetailPage> page, string testId, string text) =>
        await page.Find($"input[data-testid={testId}]").ChangeAsync(new() { Value = text });

    [Fact]
    public async Task ListPage_ShowsEachDomainsStates_AndOffersAdminsTheAddForm()
    {
        await SeedAsync("lists.example.org", true, "hostmaster@example.org");
        SignIn("ada-admin", admin: true);

        var page = Render<DomainsAdminPage>();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=admin-domain-row]")));
        var row = page.Find("[data-testid=admin-domain-row]");
        Assert.Equal(("lists.example.org", "Pending", "Unknown"), (row.GetAttribute("data-domain"), row.GetAttribute("data-verification"), row.GetAttribute("data-mx")));
        Assert.Contains("~ubuntumembers", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("hostmaster@example.org", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("never checked", row.TextContent, StringComparison.Ordinal);
        Assert.Single(page.FindAll("[data-testid=add-domain-submit]"));
    }

    [Fact]
    public async Task ListPage_ForSupport_HasNoAddForm()
    {
        await SeedAsync();
        SignIn("sam-support", admin: false);

        var page = Render<DomainsAdminPage>();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=admin-domain-row]")));
        Assert.Empty(page.FindAll("[data-testid=add-domain-submit]"));
    }

    [Theory]
    [InlineData("not a domain", "Not a domain name")]
    [InlineData("example", "Not a domain name")]
    [InlineData("-bad.example.org", "Not a domain name")]
    [InlineData("LISTS.Example.org.", "This domain is already in the list.")]
    public async Task Add_RefusesABadOrDuplicateName_WithAMessage_AndSavesNothing(string name, string message)
    {
        await SeedAsync();
        SignIn("ada-admin", admin: true);
        var page = Render<DomainsAdminPage>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=admin-domain-row]")));

        await page.Find("input[data-testid=add-domain-name]").ChangeAsync(new() { Value = name });
        await page.Find("[data-testid=add-domain-submit]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains(message, page.Find(".mud-input-helper-text.mud-input-error, .mud-input-error").TextContent, StringComparison.Ordinal));
        await using var db = CreateDb();
        Assert.Equal(1, await db.Domains.CountAsync());
    }

    [Fact]
    public async Task Add_CreatesAPendingDisabledDomain_LowerCased_AndOpensItsPage()
    {
        SignIn("ada-admin", admin: true);
        var page = Render<DomainsAdminPage>();

        await page.Find("input[data-testid=add-domain-name]").ChangeAsync(new() { Value = "  Community.Example.ORG " });
        await page.Find("[data-testid=add-domain-submit]").ClickAsync(new());

        await using var db = CreateDb();
        var domain = await db.Domains.SingleAsync();
        Assert.Equal(("community.example.org", DomainVerificationState.Pending, false), (domain.Name, domain.VerificationState, domain.IsEnabled));
        Assert.Equal(32, domain.VerificationCode.Length);
        Assert.EndsWith($"/admin/domains/{domain.Id}", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
        Assert.Single(await db.AuditEntries.Where(a => a.Action == DomainAdministrationService.AddedAction && a.Actor == "ada-admin").ToListAsync());
    }

    [Fact]
    public async Task DetailPage_ShowsTheExactTxtRecordToPublish_AndCheckNowVerifies()
    {
        var id = await SeedAsync("lists.example.org", true, "hostmaster@example.org");
        SignIn("ada-admin", admin: true);
        Dns.Records = new DomainDnsRecords(["forward-email-site-verification=abc123", "v=spf1 -all"], ["mx1.forward.example"], ["v=DMARC1; p=reject"]);
        var page = RenderDetail(id);
        page.WaitForAssertion(() => Assert.Equal("forward-email-site-verification=abc123", page.Find("[data-testid=txt-record]").TextContent));
        Assert.Equal("Pending", page.Find("[data-testid=verification-state]").GetAttribute("data-state"));

        await page.Find("[data-testid=check-now]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal("Verified", page.Find("[data-testid=verification-state]").GetAttribute("data-state")));
        Assert.Contains("the domain is verified", page.Find("[data-testid=check-message]").TextContent, StringComparison.Ordinal);
        Assert.Equal("Ok", page.Find("[data-testid=mx-state]").GetAttribute("data-state"));
        Assert.Equal("v=spf1 -all", page.Find("[data-testid=spf] code").TextContent);
        Assert.Equal("v=DMARC1; p=reject", page.Find("[data-testid=dmarc] code").TextContent);
        Assert.Contains("verified 12/1/2026", page.Find("[data-testid=verification-time]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DetailPage_OfADomainVerifiedWithoutACheck_SaysWhenItWasVerified_AndNoEmptyCheckTime()
    {
        var id = await SeedAsync("lists.example.org", true, "hostmaster@example.org");
        await using (var db = CreateDb())
        {
            var domain = await db.Domains.SingleAsync(d => d.Id == id);
            domain.VerificationState = DomainVerificationState.Verified;
            domain.VerifiedAt = Now;
            await db.SaveChangesAsync();
        }

        SignIn("ada-admin", admin: true);
        var page = RenderDetail(id);

        page.WaitForAssertion(() => Assert.Equal("verified 12/1/2026 10:00 AM UTC", page.Find("[data-testid=verification-time]").TextContent.Trim().Replace('\u202F', ' ')));
    }

    [Fact]
    public async Task DetailPage_SaysCouldNotCheck_WhenDnsDoesNotAnswer_AndKeepsTheState()
    {
        var id = await SeedAsync("lists.example.org", true, "hostmaster@example.org");
        SignIn("ada-admin", admin: true);
        Dns.Failure = new DnsCheckFailedException("No answer for TXT lists.example.org");
        var page = RenderDetail(id);
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=check-now]")));

        await page.Find("[data-testid=check-now]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("DNS did not answer; nothing was changed", page.Find("[data-testid=check-message]").TextContent, StringComparison.Ordinal));
        Assert.Contains("got no answer from DNS", page.Find("[data-testid=check-error]").TextContent, StringComparison.Ordinal);
        Assert.Equal("Pending", page.Find("[data-testid=verification-state]").GetAttribute("data-state"));
    }

    [Theory]
    [InlineData("Not_A_Team", "Not a Launchpad team name")]
    [InlineData("ghost-team", "Launchpad has no team ~ghost-team. Nothing was changed.")]
    [InlineData("amira-h", "~amira-h is a person on Launchpad, not a team. Nothing was changed.")]
    [InlineData("offline", "Launchpad could not be reached")]
    public async Task TeamMapping_RefusesAnythingButAnExistingTeam_WithAMessage_AndChangesNothing(string team, string message)
    {
        var id = await SeedAsync("lists.example.org", true, "hostmaster@example.org");
        SignIn("ada-admin", admin: true);
        var page = RenderDetail(id);
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=team-submit]")));

        await TypeAsync(page, "team-name", team);
        await page.Find("[data-testid=team-submit]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains(message, page.Find("[data-testid=team] .mud-input-error").TextContent, StringComparison.Ordinal));
        await using var db = CreateDb();
        Assert.Equal("ubuntumembers", (await db.TeamMappings.SingleAsync()).TeamName);
    }

    [Fact]
    public async Task TeamMapping_ToAnExistingTeam_IsSaved_Audited_AndShown()
    {
        var id = await SeedAsync("lists.example.org", true, "hostmaster@example.org");
        SignIn("ada-admin", admin: true);
        var page = RenderDetail(id);
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=team-submit]")));

        await TypeAsync(page, "team-name", "~Kubuntu-Members");
        await page.Find("[data-testid=team-submit]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("~kubuntu-members", page.Find("[data-testid=current-team]").TextContent, StringComparison.Ordinal));
        Assert.Contains("Team changed.", page.Find("[data-testid=team-message]").TextContent, StringComparison.Ordinal);
        await using var db = CreateDb();
        var audit = await db.AuditEntries.SingleAsync(a => a.Action == DomainAdministrationService.TeamChangedAction);
        Assert.Equal(("{\"team\":\"ubuntumembers\"}", "{\"team\":\"kubuntu-members\"}"), (audit.Before, audit.After));
    }

    [Theory]
    [InlineData("not-an-address", "Not an email address")]
    [InlineData("Ada <ada@example.org>", "Not an email address")]
    [InlineData("a b@example.org", "Not an email address")]
    [InlineData("HOSTMASTER@example.org", "This address is already a contact of the domain.")]
    public async Task Contacts_RefuseAMalformedOrDuplicateAddress_WithAMessage(string email, string message)
    {
        var id = await SeedAsync("lists.example.org", true, "HOSTMASTER@example.org");
        SignIn("ada-admin", admin: true);
        var page = RenderDetail(id);
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=contact-submit]")));

        await TypeAsync(page, "contact-email", email);
        await page.Find("[data-testid=contact-submit]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains(message, page.Find("[data-testid=contacts] .mud-input-error").TextContent, StringComparison.Ordinal));
        await using var db = CreateDb();
        Assert.Equal(1, await db.DomainAdminContacts.CountAsync());
    }

    [Fact]
    public async Task Contacts_TheLastOneOfAnEnabledDomain_CannotBeRemoved()
    {
        var id = await SeedAsync("lists.example.org", true, "hostmaster@example.org");
        SignIn("ada-admin", admin: true);
        var page = RenderDetail(id);
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=remove-contact]")));

        await page.Find("[data-testid=remove-contact]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("An enabled domain needs at least one admin contact", page.Find("[data-testid=contact-removal-message]").TextContent, StringComparison.Ordinal));
        await using var db = CreateDb();
        Assert.Equal(1, await db.DomainAdminContacts.CountAsync());
    }

    [Fact]
    public async Task Enabling_ADomainWithoutContacts_IsRefused_AndAddingOneThenEnablingWorks()
    {
        var id = await SeedAsync("lists.example.org", enabled: false);
        SignIn("ada-admin", admin: true);
        var page = RenderDetail(id);
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=toggle-enabled]")));

        await page.Find("[data-testid=toggle-enabled]").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Contains("Add an admin contact before enabling", page.Find("[data-testid=enabled-message]").TextContent, StringComparison.Ordinal));

        await TypeAsync(page, "contact-email", "hostmaster@Example.ORG");
        await page.Find("[data-testid=contact-submit]").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=contact]")));
        await page.Find("[data-testid=toggle-enabled]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal("True", page.Find("[data-testid=enabled-state]").GetAttribute("data-enabled")));
        await using var db = CreateDb();
        Assert.Equal("hostmaster@example.org", (await db.DomainAdminContacts.SingleAsync()).Email);
    }

    [Fact]
    public async Task Support_SeesTheDetailPage_WithoutChangeButtons_AndTheServiceRefusesTheirChanges()
    {
        var id = await SeedAsync("lists.example.org", true, "hostmaster@example.org");
        var support = SignIn("sam-support", admin: false);
        var page = RenderDetail(id);

        page.WaitForAssertion(() => Assert.Equal("forward-email-site-verification=abc123", page.Find("[data-testid=txt-record]").TextContent));
        Assert.Empty(page.FindAll("[data-testid=check-now], [data-testid=team-submit], [data-testid=contact-submit], [data-testid=remove-contact], [data-testid=toggle-enabled]"));

        var service = Services.GetRequiredService<DomainAdministrationService>();
        Assert.Equal(DomainChangeOutcome.NotAllowed, (await service.AddAsync(support, "new.example.org", CancellationToken.None)).Outcome);
        Assert.Equal(DomainChangeOutcome.NotAllowed, await service.SetTeamAsync(support, id, "kubuntu-members", CancellationToken.None));
        Assert.Equal(DomainChangeOutcome.NotAllowed, await service.AddContactAsync(support, id, "x@example.org", CancellationToken.None));
        Assert.Equal(DomainChangeOutcome.NotAllowed, await service.SetEnabledAsync(support, id, false, CancellationToken.None));
        Assert.Equal(DomainChangeOutcome.NotAllowed, (await service.CheckNowAsync(support, id, CancellationToken.None)).Outcome);
        await using var db = CreateDb();
        Assert.Equal(1, await db.Domains.CountAsync());
        Assert.Empty(await db.AuditEntries.ToListAsync());
    }

    [Fact]
    public async Task AChangeMadeElsewhere_ReachesAnOpenDetailPage_WithoutTouchingAFieldBeingTyped()
    {
        var id = await SeedAsync("lists.example.org", true, "hostmaster@example.org");
        var admin = SignIn("ada-admin", admin: true);
        var page = RenderDetail(id);
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=contact]")));
        await TypeAsync(page, "team-name", "half-typed");

        await Services.GetRequiredService<DomainAdministrationService>().AddContactAsync(admin, id, "second@example.org", CancellationToken.None);

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=contact]").Count));
        Assert.Equal("half-typed", page.Find("input[data-testid=team-name]").GetAttribute("value"));
        Assert.Equal("The domain list was updated.", page.Find("[data-testid=domain-live]").TextContent);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private sealed class StubDns : IDomainDnsLookup
    {
        public DomainDnsRecords Records { get; set; } = new([], [], []);

        public Exception? Failure { get; set; }

        public Task<DomainDnsRecords> LookupAsync(string domain, CancellationToken cancellationToken) =>
            Failure is null ? Task.FromResult(Records) : Task.FromException<DomainDnsRecords>(Failure);
    }

    private sealed class StubDirectory : IDirectoryClient
    {
        public Task<PersonLookup> GetPersonAsync(string name, CancellationToken cancellationToken) => name switch
        {
            "kubuntu-members" => Task.FromResult(PersonLookup.Found(new DirectoryPerson(name, "Kubuntu Members", true, false, IsTeam: true))),
            "amira-h" => Task.FromResult(PersonLookup.Found(new DirectoryPerson(name, "Amira", true, true, IsTeam: false))),
            "offline" => Task.FromException<PersonLookup>(new DirectoryUnavailableException("down")),
            _ => Task.FromResult(PersonLookup.NotFound),
        };

        public Task<IReadOnlyList<DirectoryPerson>> GetTeamParticipantsAsync(string team, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<DirectoryPerson>>([]);
    }
}
