using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ForwardEmail.Dashboard.IntegrationTests.Infrastructure;

/// <summary>The real app, in process, on a fresh SQLite file; extra settings override appsettings for one test.</summary>
public sealed class DashboardAppFactory(IReadOnlyDictionary<string, string?>? settings = null, string environment = "Development")
    : WebApplicationFactory<Program>
{
    private readonly TempSqliteDatabase _database = new();

    public TempSqliteDatabase Database => _database;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.UseSetting("Database:ConnectionString", _database.ConnectionString);
        builder.UseSetting("Demo:DataFolder", _database.Folder);
        builder.UseSetting("Smtp:PickupFolder", Path.Combine(_database.Folder, "mail-pickup"));
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
    }

    protected override void Dispose(bool disposing)
    {
        try
        {
            base.Dispose(disposing);
        }
        catch (ArgumentNullException) when (disposing)
        {
            // WebApplicationFactory throws from Dispose when the host never started (the start-up failure tests).
        }

        if (disposing)
        {
            _database.Dispose();
        }
    }
}
