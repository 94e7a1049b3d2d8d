using ForwardEmail.Dashboard.Core.Data;
using ForwardEmail.Dashboard.Core.Directory;
using ForwardEmail.Dashboard.Core.Domain;
using ForwardEmail.Dashboard.Core.Domains;
using ForwardEmail.Dashboard.Core.Errors;
using ForwardEmail.Dashboard.Core.Mail;
using ForwardEmail.Dashboard.Core.MailRouting;
using ForwardEmail.Dashboard.Core.Provisioning;
using ForwardEmail.Dashboard.Demo.Directory;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace ForwardEmail.Dashboard.IntegrationTests.Infrastructure;

/// <summary>
/// The real provisioning stack (AddDashboardDatabase + AddDirectoryClient + AddProvisioning on a host builder with
/// in-memory configuration) over a fresh SQLite file, migrated and seeded by the real start-up initializer, against the
/// demo Launchpad server on loopback, with a fake clock.
/// </summary>
public sealed class ProvisioningTestHost : IAsyncDisposable
{
    public const string TeamAddress = "team@example.org";
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;
    private IHost _host;

    private ProvisioningTestHost(
        TempSqliteDatabase database, DemoDirectoryServer directory, FakeTimeProvider time, Dictionary<string, string?> settings,
        Action<IServiceCollection>? services, IHost host)
    {
        Database = database;
        Directory = directory;
        Time = time;
        _settings = settings;
        _services = services;
        _host = host;
    }

    public TempSqliteDatabase Database { get; }
    public DemoDirectoryServer Directory { get; }
    public FakeTimeProvider Time { get; }
    public IServiceProvider Services => _host.Services;

    /// <summary>Starts everything; the six seeded domains are verified with one admin contact each (<c>admins@&lt;domain&gt;</c>).</summary>
    /// <param name="services">Runs after the real registrations, e.g. Hangfire's storage for the jobs, a decorated service or DbContext settings.</param>
    public static async Task<ProvisioningTestHost> StartAsync(
        Action<DemoDirectoryData>? directory = null, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var data = DemoDirectoryData.Empty();
        foreach (var (_, team) in DefaultData.DomainTeams)
        {
            data.AddTeam(team);
        }

        directory?.Invoke(data);
        var server = await DemoDirectoryServer.StartAsync(data);
        var database = new TempSqliteDatabase();
        var time = new FakeTimeProvider(Start);
        var all = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["Database:ConnectionString"] = database.ConnectionString,
            ["Database:MigrateOnStart"] = "true",
            ["Database:SeedOnStart"] = "true",
            ["Directory:BaseUrl"] = server.BaseUrl.AbsoluteUri,
            // The fake clock does not move by itself: retries must not wait on it.
            ["Directory:RetryBaseDelay"] = "00:00:00",
            ["Directory:MaxRetryAfter"] = "00:00:00",
            ["Notifications:TeamAddress"] = TeamAddress,
            ["Notifications:From"] = "dashboard@example.org",
            ["Smtp:PickupFolder"] = Path.Combine(database.Folder, "mail-pickup"),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var host = await BuildHostAsync(all, time, services);
        var testHost = new ProvisioningTestHost(database, server, time, all, services, host);
        await testHost.WithDbAsync(async db =>
        {
            foreach (var domain in await db.Domains.ToListAsync())
            {
                domain.VerificationState = DomainVerificationState.Verified;
                domain.VerifiedAt = Start;
                db.DomainAdminContacts.Add(new DomainAdminContact { DomainId = domain.Id, Email = $"admins@{domain.Name}" });
            }

            await db.SaveChangesAsync();
        });
        return testHost;
    }

    private static async Task<IHost> BuildHostAsync(Dictionary<string, string?> settings, FakeTimeProvider time, Action<IServiceCollection>? services)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.AddDashboardDatabase();
        builder.AddDirectoryClient();
        builder.AddProvisioning();
        builder.AddDomainChecks();
        builder.AddOutboxMail();
        // Listens only with MailRouting:Enabled=true; otherwise its cache still follows the published changes.
        builder.AddMailRouting();
        services?.Invoke(builder.Services);
        builder.Services.AddOptions<HostOptions>();
        services?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    /// <summary>Throws the service provider away and builds a new one over the same database and directory, like a process restart.</summary>
    public async Task RestartAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        _host = await BuildHostAsync(_settings, Time, _services);
    }

    public async Task<ProvisioningResult> ProvisionAsync(int contributorId, ProvisioningTrigger trigger = ProvisioningTrigger.Claim)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ProvisioningService>()
            .ProvisionAsync(contributorId, trigger, "test:" + contributorId, CancellationToken.None);
    }

    /// <summary>One outbox dispatch run with the configured delivery (the pickup folder unless <c>Smtp:Host</c> is set).</summary>
    public async Task<OutboxDispatchResult> DispatchAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DispatchAsync(CancellationToken.None);
    }

    public async Task<ReconciliationStats> ReconcileAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ReconciliationService>().ReconcileAsync("system:reconciliation", CancellationToken.None);
    }

    public async Task<T> WithServiceAsync<TService, T>(Func<TService, Task<T>> action)
        where TService : notnull
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<TService>());
    }

    public async Task<int> AddContributorAsync(string? username, string email, string? subject = null, bool banned = false)
    {
        return await WithDbAsync(async db =>
        {
            var contributor = new Contributor
            {
                Subject = subject ?? $"sub-{username ?? Guid.NewGuid().ToString("N")}",
                Username = username,
                Email = email,
                IsBanned = banned,
                CreatedAt = Time.GetUtcNow(),
                UpdatedAt = Time.GetUtcNow(),
            };
            db.Contributors.Add(contributor);
            await db.SaveChangesAsync();
            return contributor.Id;
        });
    }

    /// <summary>A contributor (subject <c>sub-&lt;username&gt;</c>) holding <paramref name="role"/> in the role table.</summary>
    public async Task<int> AddRoleHolderAsync(string username, string email, DashboardRole role)
    {
        var id = await AddContributorAsync(username, email, subject: "sub-" + username);
        await WithDbAsync(async db =>
        {
            db.RoleAssignments.Add(new RoleAssignment { ContributorId = id, Role = role, GrantedBy = "test", GrantedAt = Start });
            await db.SaveChangesAsync();
        });
        return id;
    }

    public Task BanAsync(int contributorId) => WithDbAsync(async db =>
    {
        var contributor = await db.Contributors.SingleAsync(c => c.Id == contributorId);
        contributor.IsBanned = true;
        contributor.BannedAt = Time.GetUtcNow();
        contributor.BannedReason = "spam";
        await db.SaveChangesAsync();
    });

    public async Task<T> WithDbAsync<T>(Func<DashboardDbContext, Task<T>> action)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        return await action(db);
    }

    public async Task WithDbAsync(Func<DashboardDbContext, Task> action)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        await action(db);
    }

    public Task<List<Alias>> AliasesAsync() => WithDbAsync(db => db.Aliases.AsNoTracking().Include(a => a.Domain).OrderBy(a => a.Id).ToListAsync());
    public Task<List<OutboxMessage>> OutboxAsync() => WithDbAsync(db => db.Outbox.AsNoTracking().OrderBy(m => m.Id).ToListAsync());
    public Task<List<ErrorLogEntry>> ErrorLogAsync() => WithDbAsync(db => db.ErrorLog.AsNoTracking().OrderBy(e => e.Id).ToListAsync());
    public Task<List<AuditEntry>> AuditAsync() => WithDbAsync(db => db.AuditEntries.AsNoTracking().OrderBy(e => e.Id).ToListAsync());

    /// <summary>Moves the clock past the members cache age so the next single provisioning reads fresh listings.</summary>
    public void Advance(TimeSpan by) => Time.Advance(by);

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        await Directory.DisposeAsync();
        Database.Dispose();
    }
}
