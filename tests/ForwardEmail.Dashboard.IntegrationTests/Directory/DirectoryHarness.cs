using System.Runtime.CompilerServices;
using ForwardEmail.Dashboard.Core.Data;
using ForwardEmail.Dashboard.Core.Directory;
using ForwardEmail.Dashboard.Demo.Directory;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ForwardEmail.Dashboard.IntegrationTests.DirectoryClient;

/// <summary>
/// A demo directory on loopback, and the real <see cref="LaunchpadClient"/> and <see cref="TeamMembershipService"/>
/// built through <c>AddDirectoryClient</c> against a fresh, migrated SQLite file. Fast resilience settings.
/// </summary>
internal sealed class DirectoryHarness : IAsyncDisposable
{
    private readonly List<IHost> _hosts = [];
    private readonly Dictionary<string, string?> _settings;
    private readonly TimeProvider? _time;

    private DirectoryHarness(DemoDirectoryServer server, string databasePath, Dictionary<string, string?> settings, TimeProvider? time)
    {
        Server = server;
        DatabasePath = databasePath;
        _settings = settings;
        _time = time;
    }

    public DemoDirectoryServer Server { get; }

    public string DatabasePath { get; }

    /// <summary>The services of the current "process"; <see cref="Restart"/> replaces them, keeping the database.</summary>
    public IServiceProvider Services => _hosts[^1].Services;

    public IDirectoryClient Client => Services.GetRequiredService<IDirectoryClient>();

    public static async Task<DirectoryHarness> StartAsync(
        DemoDirectoryData data, Dictionary<string, string?>? overrides = null, TimeProvider? time = null)
    {
        var server = await DemoDirectoryServer.StartAsync(data);
        var databasePath = Path.Combine(Path.GetTempPath(), $"fe-directory-{Guid.NewGuid():N}.db");
        var settings = new Dictionary<string, string?>
        {
            ["Directory:BaseUrl"] = server.BaseUrl.AbsoluteUri,
            // Generous: tests run in parallel, and a timed-out first attempt would add a request to the counts.
            ["Directory:AttemptTimeout"] = "00:00:10",
            ["Directory:TotalTimeout"] = "00:01:00",
            ["Directory:MaxRetryAttempts"] = "2",
            ["Directory:RetryBaseDelay"] = "00:00:00.010",
            ["Directory:MaxRetryAfter"] = "00:00:05",
            ["Database:Provider"] = "Sqlite",
            ["Database:ConnectionString"] = $"Data Source={databasePath}",
            ["Database:MigrateOnStart"] = "false",
            ["Database:SeedOnStart"] = "false",
        };
        foreach (var (key, value) in overrides ?? [])
        {
            settings[key] = value;
        }

        var harness = new DirectoryHarness(server, databasePath, settings, time);
        harness.Restart();
        await using var scope = harness.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DashboardDbContext>().Database.MigrateAsync();
        return harness;
    }

    /// <summary>New service provider (new client, new membership service, empty in-process state), same database and directory.</summary>
    public void Restart()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(_settings);
        if (_time is not null)
        {
            builder.Services.AddSingleton(_time);
        }

        builder.AddDashboardDatabase();
        builder.AddDirectoryClient();
        var host = builder.Build();
        _hosts.Add(host);
    }

    public async Task<MembersMap> GetMembersMapAsync(bool forceRefresh, params string[] teams)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ITeamMembershipProvider>().GetMembersMapAsync(teams, forceRefresh, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            host.Dispose();
        }

        await Server.DisposeAsync();
        SqliteConnection.ClearAllPools();
        File.Delete(DatabasePath);
    }

    /// <summary>Shaped like the fixtures: ~edubuntu-members has two direct people and a sub-team with two more.</summary>
    public static DemoDirectoryData SampleData()
    {
        var data = DemoDirectoryData.Empty();
        data.AddTeam("edubuntu-members", "Edubuntu Members", "edubuntu-sample-devs");
        data.AddTeam("edubuntu-sample-devs", "Edubuntu Sample Devs");
        data.AddPerson("amira-h", displayName: "\u0623\u0645\u064a\u0631\u0629 \u062d\u0633\u0646");
        data.AddPerson("jdoe", isCocSigner: false, displayName: "Jane Doe");
        data.AddPerson("lfischer", displayName: "Lena Fischer");
        data.AddPerson("somchai", displayName: "\u0e2a\u0e21\u0e0a\u0e32\u0e22 \u0e43\u0e08\u0e14\u0e35");
        data.AddPerson("rvandijk", isValid: false, displayName: "Ruud van Dijk");
        data.AddPerson("suspended-sam", state: DemoAccountState.Suspended);
        data.AddPerson("ghost", state: DemoAccountState.Absent);
        data.AddToTeam("amira-h", "edubuntu-members");
        data.AddToTeam("jdoe", "edubuntu-members");
        data.AddToTeam("lfischer", "edubuntu-sample-devs");
        data.AddToTeam("somchai", "edubuntu-sample-devs");
        return data;
    }
}
