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

    public void Dispose() => _connection.Dispose();

    private sealed class SettableTime(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
