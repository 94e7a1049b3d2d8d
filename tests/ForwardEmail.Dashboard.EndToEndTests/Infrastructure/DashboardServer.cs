using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using ForwardEmail.Dashboard.TestFixtures;
using Microsoft.Data.Sqlite;

namespace ForwardEmail.Dashboard.EndToEndTests.Infrastructure;

/// <summary>
/// The real app (Web + demo mode) on Kestrel at a free loopback port, with fresh SQLite files and in-memory Hangfire.
/// The port is chosen first so the demo identity provider's issuer is the address the browser uses.
/// </summary>
public sealed class DashboardServer : WebApplicationFactory<Program>
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "fed-e2e", Guid.NewGuid().ToString("N"));

    private readonly IReadOnlyDictionary<string, string?> _settings;

    /// <param name="settings">Overrides applied after the defaults below (e.g. another identity provider).</param>
    public DashboardServer(IReadOnlyDictionary<string, string?>? settings = null)
    {
        _settings = settings ?? new Dictionary<string, string?>();
        Directory.CreateDirectory(_folder);
        Port = LoopbackPort.Free();
        BaseUrl = $"http://127.0.0.1:{Port}";
        UseKestrel(options => options.Listen(IPAddress.Loopback, Port));
    }

    public int Port { get; }

    /// <summary>Without a trailing slash, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string BaseUrl { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Demo:Enabled", "true");
        builder.UseSetting("Demo:DataFolder", _folder);
        builder.UseSetting("Demo:IdentityIssuer", BaseUrl + "/");
        builder.UseSetting("Database:ConnectionString", $"Data Source={Path.Combine(_folder, "dashboard.db")}");
        builder.UseSetting("Jobs:Storage", "InMemory");
        builder.UseSetting("Smtp:PickupFolder", Path.Combine(_folder, "mail-pickup"));

        // The shortest allowed, so a test sees a role change reach an open page in seconds.
        builder.UseSetting("Authorization:RoleRefreshInterval", "00:00:05");

        // Tests claim twice in a row to show a second run changes nothing; the cooldown itself has a bUnit test.
        builder.UseSetting("SelfService:ClaimCooldown", "00:00:00");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
                // A file still held by the finishing host; the OS temp cleaner gets it.
            }
        }
    }

}
