using ForwardEmail.Dashboard.Core.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ForwardEmail.Dashboard.IntegrationTests.Infrastructure;

/// <summary>A real SQLite file in a fresh temporary folder, deleted afterwards.</summary>
public sealed class TempSqliteDatabase : IDisposable
{
    public TempSqliteDatabase()
    {
        Folder = Path.Combine(Path.GetTempPath(), "fed-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        FilePath = Path.Combine(Folder, "dashboard.db");
        ConnectionString = $"Data Source={FilePath}";
    }

    public string Folder { get; }
    public string FilePath { get; }
    public string ConnectionString { get; }

    public DatabaseOptions Options => new() { Provider = DatabaseProvider.Sqlite, ConnectionString = ConnectionString };

    public DashboardDbContext CreateContext()
    {
        var builder = DatabaseServiceCollectionExtensions.UseConfiguredProvider(new DbContextOptionsBuilder<DashboardDbContext>(), Options);
        return new DashboardDbContext((DbContextOptions<DashboardDbContext>)builder.Options);
    }

    public async Task<DashboardDbContext> CreateMigratedContextAsync()
    {
        var db = CreateContext();
        await db.Database.MigrateAsync();
        return db;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a finishing host; the OS temp cleaner gets it.
        }
    }
}
