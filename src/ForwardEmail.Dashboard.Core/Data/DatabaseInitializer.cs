using System.Data.Common;
using System.Security.Cryptography;
using ForwardEmail.Dashboard.Core.Domain;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ForwardEmail.Dashboard.Core.Data;

/// <summary>
/// Migrates and seeds the database before the app serves requests. Runs as a hosted service so a
/// failure stops start-up with the reason in the log, rather than surfacing on the first page view.
/// </summary>
public sealed partial class DatabaseInitializer(
    IServiceScopeFactory scopeFactory,
    IOptions<DatabaseOptions> options,
    TimeProvider time,
    ILogger<DatabaseInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await using var scope = scopeFactory.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashboardDbContext>();

        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            EnsureSqliteDirectoryExists(settings.ConnectionString);
        }

        if (settings.MigrateOnStart)
        {
            await MigrateWithRetriesAsync(db, settings.StartupMigrationRetries, cancellationToken);
        }

        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            await UseWriteAheadLogAsync(db, cancellationToken);
        }

        if (settings.SeedOnStart)
        {
            await SeedAsync(db, time.GetUtcNow(), cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task MigrateWithRetriesAsync(DashboardDbContext db, int retries, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await db.Database.MigrateAsync(cancellationToken);
                LogMigrated(logger, db.Database.ProviderName ?? "?");
                return;
            }
            // Only database connectivity is worth retrying (SQL Server still starting); a broken migration is not.
            catch (DbException ex) when (attempt < retries)
            {
                LogMigrationRetry(logger, ex, attempt + 1, retries);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(30, 2 << attempt)), time, cancellationToken);
            }
        }
    }

    /// <summary>Seeds what PRODUCT.md sections 2 and 3 list; each part only when its table is empty, so admin edits are never overwritten.</summary>
    public static async Task SeedAsync(DashboardDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!await db.Domains.AnyAsync(cancellationToken))
        {
            foreach (var (domain, team) in DefaultData.DomainTeams)
            {
                db.Domains.Add(new MailDomain
                {
                    Name = domain,
                    VerificationCode = NewVerificationCode(),
                    CreatedAt = now,
                    UpdatedAt = now,
                    TeamMapping = new TeamMapping { TeamName = team, UpdatedAt = now },
                });
            }
        }

        if (!await db.ReservedNames.AnyAsync(cancellationToken))
        {
            db.ReservedNames.AddRange(ReservedName.BuiltIn.Select(name => new ReservedName { Name = name, IsBuiltIn = true, CreatedAt = now }));
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    public static string NewVerificationCode() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>
    /// Write-ahead logging, stored in the file itself: pages keep reading while a reconciliation writes its thousands
    /// of per-contributor transactions, and a commit syncs the log once instead of the journal and the database.
    /// </summary>
    private static Task UseWriteAheadLogAsync(DashboardDbContext db, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);

    private static void EnsureSqliteDirectoryExists(string connectionString)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        var directory = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(dataSource) && dataSource != ":memory:" && directory is not null)
        {
            System.IO.Directory.CreateDirectory(directory);
        }
    }

    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Database migrated ({Provider})")]
    private static partial void LogMigrated(ILogger logger, string provider);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Database not reachable for migration, attempt {Attempt} of {Retries}")]
    private static partial void LogMigrationRetry(ILogger logger, Exception exception, int attempt, int retries);
}
