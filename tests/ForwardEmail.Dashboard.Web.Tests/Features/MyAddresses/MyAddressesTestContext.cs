using System.Globalization;
using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using ForwardEmail.Dashboard.Core.Data;
using ForwardEmail.Dashboard.Core.Directory;
using ForwardEmail.Dashboard.Core.Domain;
using ForwardEmail.Dashboard.Core.Errors;
using ForwardEmail.Dashboard.Core.Live;
using ForwardEmail.Dashboard.Core.Mail;
using ForwardEmail.Dashboard.Core.Provisioning;
using ForwardEmail.Dashboard.Web.Features.Auth;
using ForwardEmail.Dashboard.Web.Features.MyAddresses;
using ForwardEmail.Dashboard.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ForwardEmail.Dashboard.Web.Tests.Features.MyAddresses;

/// <summary>
/// <see cref="DashboardTestContext"/> plus the real <see cref="ProvisioningService"/> with an in-memory directory
/// in place of Launchpad, and a signed-in contributor.
/// </summary>
/// <param name="more">Further services a test class needs (added before anything is resolved).</param>
public abstract class MyAddressesTestContext(string culture = "en", Action<IServiceCollection>? more = null)
    : DashboardTestContext(culture, services => { AddProvisioning(services); more?.Invoke(services); })
{
    protected static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private static void AddProvisioning(IServiceCollection services)
    {
        var directory = new FakeDirectory();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(Options.Create(new ProvisioningOptions()));
        services.AddSingleton(Options.Create(new NotificationOptions { TeamAddress = "team@example.org" }));
        services.AddSingleton(directory);
        services.AddSingleton<IDirectoryClient>(directory);
        services.AddSingleton<ITeamMembershipProvider>(directory);
        services.AddSingleton<ForwardEmail.Dashboard.Web.Features.Live.DashboardChanges>();
        services.AddSingleton<IDashboardChangeNotifier>(s => s.GetRequiredService<ForwardEmail.Dashboard.Web.Features.Live.DashboardChanges>());
        services.AddScoped<ErrorLogService>();
        services.AddScoped<ProvisioningService>();
        services.AddSingleton(Options.Create(new SelfServiceOptions()));
        services.AddSingleton<ClaimRateLimiter>();
    }

    protected FakeDirectory Directory => Services.GetRequiredService<FakeDirectory>();

    /// <summary>Seeds the default domains (all verified) and the contributor, and signs them in.</summary>
    protected async Task<Contributor> SignInAsync(string username, string email)
    {
        await using var db = CreateDb();
        await DatabaseInitializer.SeedAsync(db, Now, CancellationToken.None);
        foreach (var domain in db.Domains)
        {
            domain.VerificationState = DomainVerificationState.Verified;
        }

        var contributor = new Contributor { Subject = "sub-" + username, Username = username, Email = email, CreatedAt = Now, UpdatedAt = Now };
        db.Contributors.Add(contributor);
        await db.SaveChangesAsync();

        Authorization.SetAuthorized(username).SetRoles(nameof(DashboardRole.Contributor)).SetPolicies(DashboardPolicies.Contributor).SetClaims(
            new Claim(DashboardClaimTypes.Username, username),
            new Claim(DashboardClaimTypes.Subject, contributor.Subject),
            new Claim(DashboardClaimTypes.ContributorId, contributor.Id.ToString(CultureInfo.InvariantCulture)));
        return contributor;
    }

    protected async Task AddAliasAsync(int ownerId, string domainName, string name, Action<Alias>? configure = null)
    {
        await using var db = CreateDb();
        var domain = db.Domains.Single(d => d.Name == domainName);
        var alias = new Alias { DomainId = domain.Id, Name = name, OwnerId = ownerId, Recipients = ["me@example.org"], CreatedAt = Now, UpdatedAt = Now };
        configure?.Invoke(alias);
        db.Aliases.Add(alias);
        await db.SaveChangesAsync();
    }
}

/// <summary>Launchpad in memory: people and the teams they take part in.</summary>
public sealed class FakeDirectory : IDirectoryClient, ITeamMembershipProvider
{
    private readonly Dictionary<string, (DirectoryPerson Person, string[] Teams)> _people = new(StringComparer.Ordinal);

    public void Add(string name, bool isValid = true, bool isCocSigner = true, params string[] teams) =>
        _people[name] = (new DirectoryPerson(name, name, isValid, isCocSigner, IsTeam: false), teams);

    /// <summary>Requests made so far; a page that only reads makes none.</summary>
    public int Calls { get; private set; }

    public Task<PersonLookup> GetPersonAsync(string name, CancellationToken cancellationToken)
    {
        Calls++;
        return Task.FromResult(_people.TryGetValue(name, out var entry) ? PersonLookup.Found(entry.Person) : PersonLookup.NotFound);
    }

    public Task<IReadOnlyList<DirectoryPerson>> GetTeamParticipantsAsync(string team, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<DirectoryPerson>>(_people.Values.Where(p => p.Teams.Contains(team)).Select(p => p.Person).ToList());

    public Task<MembersMap> GetMembersMapAsync(IReadOnlyCollection<string> teams, bool forceRefresh, CancellationToken cancellationToken)
    {
        Calls++;
        return Task.FromResult(new MembersMap(teams.ToDictionary(
            team => team,
            team => new TeamMembers(team, DateTimeOffset.UnixEpoch,
                _people.Values.Where(p => p.Teams.Contains(team)).ToDictionary(p => p.Person.Name, p => p.Person)))));
    }
}
