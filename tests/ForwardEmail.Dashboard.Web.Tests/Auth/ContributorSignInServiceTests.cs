using ForwardEmail.Dashboard.Core.Data;
using ForwardEmail.Dashboard.Web.Features.Auth;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using ForwardEmail.Dashboard.Web.Tests.Infrastructure;

namespace ForwardEmail.Dashboard.Web.Tests.Auth;

public sealed class ContributorSignInServiceTests : IDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");
    private readonly SettableTime _time = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
    private readonly TestDbContextFactory _factory;
    private readonly ContributorSignInService _service;

    public ContributorSignInServiceTests()
    {
        _connection.Open();
        _factory = new TestDbContextFactory(new DbContextOptionsBuilder<DashboardDbContext>().UseSqlite(_connection).Options);
        using (var db = _factory.CreateDbContext())
        {
            db.Database.EnsureCreated();
        }

        _service = new ContributorSignInService(_factory, _time, NullLogger<ContributorSignInService>.Instance);
    }

    [Fact]
    public async Task SignInAsync_CreatesTheContributorBySubject_AndAuditsIt()
    {
        var contributor = await _service.SignInAsync(new SignInClaims("s-1", "ada", "ada@example.org", "Ada", "en", []), CancellationToken.None);

        await using var db = _factory.CreateDbContext();
        var stored = await db.Contributors.SingleAsync();
        Assert.Equal(contributor.Id, stored.Id);
        Assert.Equal(("s-1", "ada", "ada@example.org"), (stored.Subject, stored.Username, stored.Email));
        Assert.Equal(_time.GetUtcNow(), stored.LastSignInAt);
        Assert.Equal([ContributorSignInService.CreatedAction], await db.AuditEntries.Select(a => a.Action).ToListAsync());
    }

    [Fact]
    public async Task SignInAsync_WritesNoAudit_WhenNothingChanged_ButRecordsTheSignInTime()
    {
        var claims = new SignInClaims("s-1", "ada", "ada@example.org", "Ada", "en", []);
        await _service.SignInAsync(claims, CancellationToken.None);
        _time.Now = _time.Now.AddHours(1);

        await _service.SignInAsync(claims, CancellationToken.None);

        await using var db = _factory.CreateDbContext();
        Assert.Equal(1, await db.AuditEntries.CountAsync());
        Assert.Equal(_time.Now, (await db.Contributors.SingleAsync()).LastSignInAt);
    }

    [Fact]
    public async Task SignInAsync_LinksByTheSubject_WhenTheUsernameChanged_AndAuditsTheChange()
    {
        await _service.SignInAsync(new SignInClaims("s-1", "ada", "ada@example.org", "Ada", "en", []), CancellationToken.None);

        await _service.SignInAsync(new SignInClaims("s-1", "ada-lovelace", "ada@example.org", "Ada", "en", []), CancellationToken.None);

        await using var db = _factory.CreateDbContext();
        Assert.Equal("ada-lovelace", (await db.Contributors.SingleAsync()).Username);
        var update = await db.AuditEntries.SingleAsync(a => a.Action == ContributorSignInService.UpdatedAction);
        Assert.Contains("\"username\":\"ada\"", update.Before, StringComparison.Ordinal);
        Assert.Contains("\"username\":\"ada-lovelace\"", update.After, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignInAsync_WithAKelvinSignLookAlike_NeverTakesTheRealOwnersUsername()
    {
        var options = new OidcOptions();
        await _service.SignInAsync(SignInClaims.FromProvider(Provider(("sub", "s-kwame"), ("preferred_username", "kwame"), ("email", "kwame@example.org")), options, out _)!, CancellationToken.None);

        var attacker = SignInClaims.FromProvider(Provider(("sub", "s-attacker"), ("preferred_username", "\u212Awame"), ("email", "attacker@example.net")), options, out _)!;
        await _service.SignInAsync(attacker, CancellationToken.None);

        await using var db = _factory.CreateDbContext();
        var people = await db.Contributors.OrderBy(c => c.Subject).Select(c => new { c.Subject, c.Username }).ToListAsync();
        Assert.Equal([new { Subject = "s-attacker", Username = (string?)null }, new { Subject = "s-kwame", Username = (string?)"kwame" }], people);
        Assert.DoesNotContain(await db.AuditEntries.Select(a => a.Action).ToListAsync(), a => a == ContributorSignInService.UsernameReleasedAction);
    }

    [Fact]
    public async Task SignInAsync_MakesTheRecordIncomplete_WhenTheProviderNowSendsAnInvalidUsername()
    {
        await _service.SignInAsync(new SignInClaims("s-1", "ada", "ada@example.org", "Ada", "en", []), CancellationToken.None);

        await _service.SignInAsync(new SignInClaims("s-1", null, "ada@example.org", "Ada", "en", []) { UsernameRejected = true }, CancellationToken.None);

        await using var db = _factory.CreateDbContext();
        Assert.Null((await db.Contributors.SingleAsync()).Username);
    }

    private static System.Security.Claims.ClaimsPrincipal Provider(params (string Type, string Value)[] claims) =>
        new(new System.Security.Claims.ClaimsIdentity(claims.Select(c => new System.Security.Claims.Claim(c.Type, c.Value)), "oidc"));

    public void Dispose() => _connection.Dispose();

    private sealed class SettableTime(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
