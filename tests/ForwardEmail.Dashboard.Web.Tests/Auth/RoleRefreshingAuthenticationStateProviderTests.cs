using System.Security.Claims;
using ForwardEmail.Dashboard.Core.Data;
using ForwardEmail.Dashboard.Core.Domain;
using ForwardEmail.Dashboard.Web.Features.Auth;
using ForwardEmail.Dashboard.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ForwardEmail.Dashboard.Web.Tests.Auth;

/// <summary>An open page follows grants and revocations in the role table without a reload.</summary>
public sealed class RoleRefreshingAuthenticationStateProviderTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan AbsoluteLifetime = TimeSpan.FromHours(12);
    private static readonly TimeSpan ProviderRoleMaxAge = TimeSpan.FromHours(1);

    private readonly SqliteConnection _connection = new("Data Source=:memory:");
    private readonly TestDbContextFactory _factory;
    private readonly FakeTimeProvider _time = new(Start);
    private readonly RoleRefreshingAuthenticationStateProvider _provider;
    private readonly Contributor _contributor;
    private int _notifications;

    public RoleRefreshingAuthenticationStateProviderTests()
    {
        _connection.Open();
        _factory = new TestDbContextFactory(new DbContextOptionsBuilder<DashboardDbContext>().UseSqlite(_connection).Options);
        using var db = _factory.CreateDbContext();
        db.Database.EnsureCreated();
        _contributor = new Contributor { Subject = "s-kwame", Username = "kwame", Email = "kwame@example.org", CreatedAt = Start, UpdatedAt = Start, LastSignInAt = Start };
        db.Contributors.Add(_contributor);
        db.SaveChanges();

        var session = Options.Create(new DashboardSessionOptions { AbsoluteLifetime = AbsoluteLifetime, IdleTimeout = TimeSpan.FromHours(1), ProviderRoleMaxAge = ProviderRoleMaxAge });
        var roles = new RoleLookup(_factory, Options.Create(new OidcOptions { AdminRoleValues = ["forward-email-admin"] }), Options.Create(new BootstrapAuthorizationOptions()), session, _time);
        _provider = new RoleRefreshingAuthenticationStateProvider(
            roles,
            Options.Create(new BootstrapAuthorizationOptions { RoleRefreshInterval = Interval }),
            session,
            _time,
            NullLogger<RoleRefreshingAuthenticationStateProvider>.Instance);
        _provider.AuthenticationStateChanged += _ => _notifications++;
    }

    [Fact]
    public async Task ARoleGrantedInTheTable_ReachesTheOpenPage_AndTheComponentsAreNotified()
    {
        SignIn(DashboardRole.Contributor);
        await GrantAsync(DashboardRole.Support);

        Assert.True(await _provider.RefreshRolesAsync(CancellationToken.None));

        var user = (await _provider.GetAuthenticationStateAsync()).User;
        Assert.True(user.IsInRole(nameof(DashboardRole.Support)));
        Assert.True(user.IsInRole(nameof(DashboardRole.Contributor)));
        Assert.Equal("kwame", user.Identity?.Name);
        Assert.Equal(2, _notifications);
    }

    [Fact]
    public async Task ARevokedRole_IsTakenFromTheOpenPage()
    {
        SignIn(DashboardRole.Contributor, DashboardRole.Admin);

        Assert.True(await _provider.RefreshRolesAsync(CancellationToken.None));

        var user = (await _provider.GetAuthenticationStateAsync()).User;
        Assert.False(user.IsInRole(nameof(DashboardRole.Admin)));
        Assert.True(user.IsInRole(nameof(DashboardRole.Contributor)));
    }

    [Fact]
    public async Task UnchangedRoles_LeaveThePageAlone()
    {
        await GrantAsync(DashboardRole.Support);
        SignIn(DashboardRole.Contributor, DashboardRole.Support);

        Assert.False(await _provider.RefreshRolesAsync(CancellationToken.None));
        Assert.Equal(1, _notifications);
    }

    [Fact]
    public async Task AnAnonymousPage_IsNeverQueried()
    {
        _provider.SetAuthenticationState(Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity()))));

        Assert.False(await _provider.RefreshRolesAsync(CancellationToken.None));
    }

    [Fact]
    public async Task TheRolesAreReadAgain_EachInterval()
    {
        SignIn(DashboardRole.Contributor);
        await GrantAsync(DashboardRole.Support);

        _time.Advance(Interval - TimeSpan.FromSeconds(1));
        await Task.Delay(50);
        Assert.False((await _provider.GetAuthenticationStateAsync()).User.IsInRole(nameof(DashboardRole.Support)));

        _time.Advance(TimeSpan.FromSeconds(1));
        await WaitUntilAsync(async () => (await _provider.GetAuthenticationStateAsync()).User.IsInRole(nameof(DashboardRole.Support)));
    }

    // Advancing the fake clock past the refresh interval also wakes the page's own refresh loop, so these tests look at
    // the state the page ends with rather than at which of the two refreshes replaced it.
    [Fact]
    public async Task ARoleFromTheProvider_StopsCountingOnTheOpenPage_OnceOlderThanTheMaximumAge()
    {
        SignIn([DashboardRole.Contributor, DashboardRole.Admin], providerRoles: ["forward-email-admin"]);

        _time.Advance(ProviderRoleMaxAge - TimeSpan.FromSeconds(1));
        await _provider.RefreshRolesAsync(CancellationToken.None);
        Assert.True((await _provider.GetAuthenticationStateAsync()).User.IsInRole(nameof(DashboardRole.Admin)));

        _time.Advance(TimeSpan.FromSeconds(1));
        await _provider.RefreshRolesAsync(CancellationToken.None);
        var user = (await _provider.GetAuthenticationStateAsync()).User;
        Assert.False(user.IsInRole(nameof(DashboardRole.Admin)));
        Assert.True(user.IsInRole(nameof(DashboardRole.Contributor)));
    }

    [Fact]
    public async Task AnOpenPage_IsSignedOut_WhenTheSessionReachesItsAbsoluteLifetime()
    {
        await GrantAsync(DashboardRole.Support);
        SignIn([DashboardRole.Contributor, DashboardRole.Support]);

        _time.Advance(AbsoluteLifetime - TimeSpan.FromMinutes(1));
        await _provider.RefreshRolesAsync(CancellationToken.None);
        Assert.True((await _provider.GetAuthenticationStateAsync()).User.IsInRole(nameof(DashboardRole.Support)));

        _time.Advance(TimeSpan.FromMinutes(1));
        await _provider.RefreshRolesAsync(CancellationToken.None);
        var user = (await _provider.GetAuthenticationStateAsync()).User;
        Assert.False(user.Identity?.IsAuthenticated);
        Assert.False(user.IsInRole(nameof(DashboardRole.Support)));
    }

    [Fact]
    public async Task TheRefreshLoop_Stops_WhenTheHostsServicesAreDisposed()
    {
        // At shutdown the host disposes its services before the circuits: the loop must end, not log a warning each tick.
        var gone = new DisposedHostFactory();
        var session = Options.Create(new DashboardSessionOptions { AbsoluteLifetime = AbsoluteLifetime, IdleTimeout = TimeSpan.FromHours(1), ProviderRoleMaxAge = ProviderRoleMaxAge });
        var roles = new RoleLookup(gone, Options.Create(new OidcOptions()), Options.Create(new BootstrapAuthorizationOptions()), session, _time);
        using var provider = new RoleRefreshingAuthenticationStateProvider(
            roles, Options.Create(new BootstrapAuthorizationOptions { RoleRefreshInterval = Interval }), session, _time,
            NullLogger<RoleRefreshingAuthenticationStateProvider>.Instance);
        var identity = new SignInClaims(_contributor.Subject, "kwame", null, null, null, [])
        {
            SessionStartedAt = _time.GetUtcNow(),
            ProviderRolesAt = _time.GetUtcNow(),
        }.ToSessionIdentity(_contributor.Id, "Cookies");
        provider.SetAuthenticationState(Task.FromResult(new AuthenticationState(new ClaimsPrincipal(identity))));

        _time.Advance(Interval);
        await WaitUntilAsync(() => Task.FromResult(gone.Calls == 1));
        _time.Advance(Interval);
        _time.Advance(Interval);
        await Task.Delay(100);

        Assert.Equal(1, gone.Calls);
    }

    private sealed class DisposedHostFactory : IDbContextFactory<DashboardDbContext>
    {
        public int Calls;

        public DashboardDbContext CreateDbContext()
        {
            Interlocked.Increment(ref Calls);
            throw new ObjectDisposedException("IServiceProvider");
        }
    }

    private void SignIn(params DashboardRole[] roles) => SignIn(roles, []);

    private void SignIn(DashboardRole[] roles, string[] providerRoles)
    {
        var identity = new SignInClaims(_contributor.Subject, "kwame", null, null, null, providerRoles)
        {
            SessionStartedAt = _time.GetUtcNow(),
            ProviderRolesAt = _time.GetUtcNow(),
        }.ToSessionIdentity(_contributor.Id, "Cookies");
        var principal = DashboardClaimsTransformation.WithRoles(new ClaimsPrincipal(identity), roles);
        _provider.SetAuthenticationState(Task.FromResult(new AuthenticationState(principal)));
    }

    private async Task GrantAsync(DashboardRole role)
    {
        await using var db = _factory.CreateDbContext();
        db.RoleAssignments.Add(new RoleAssignment { ContributorId = _contributor.Id, Role = role, GrantedBy = "ada-admin", GrantedAt = Start });
        await db.SaveChangesAsync();
    }

    /// <summary>The timer's callback runs the database read asynchronously; wait for it, not for a fixed time.</summary>
    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(25);
        }

        Assert.Fail("The roles were not refreshed.");
    }

    public void Dispose()
    {
        _provider.Dispose();
        _connection.Dispose();
    }
}
