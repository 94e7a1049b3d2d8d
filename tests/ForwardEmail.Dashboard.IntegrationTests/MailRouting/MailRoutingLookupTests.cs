using System.Net.Sockets;
using ForwardEmail.Dashboard.Core.Live;
using ForwardEmail.Dashboard.Core.MailRouting;
using ForwardEmail.Dashboard.Core.Provisioning;
using ForwardEmail.Dashboard.IntegrationTests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ForwardEmail.Dashboard.IntegrationTests.MailRouting;

/// <summary>
/// Answers follow the live alias table: a committed change shows on the next lookup (the cache lives an hour here, so
/// only the published change can make it show), and a database outage is bridged with last-known answers.
/// </summary>
public sealed class MailRoutingLookupTests
{
    [Fact]
    public async Task A_recipient_change_made_through_provisioning_is_answered_on_the_next_lookup()
    {
        await using var host = await MailRoutingTestHost.StartAsync(d =>
        {
            d.AddPerson("amira-h");
            d.AddToTeam("amira-h", "ubuntumembers");
        });
        var id = await host.AddContributorAsync("amira-h", "amira@example.org");
        Assert.Null((await host.ProvisionAsync(id)).Error);
        await using var client = await SocketmapClient.ConnectAsync(host.Port());
        Assert.Equal("OK amira@example.org", await client.AskAsync("aliases amira-h@ubuntu.com"));

        await host.WithDbAsync(async db =>
        {
            var contributor = await db.Contributors.SingleAsync(c => c.Id == id);
            contributor.Email = "amira@new.example.net";
            await db.SaveChangesAsync();
        });
        Assert.Null((await host.ProvisionAsync(id, ProvisioningTrigger.Claim)).Error);

        Assert.Equal("OK amira@new.example.net", await client.AskAsync("aliases amira-h@ubuntu.com"));
    }

    [Fact]
    public async Task A_connection_over_MaxConnections_waits_and_is_answered_once_another_closes()
    {
        await using var host = await MailRoutingTestHost.StartAsync(settings: new Dictionary<string, string?> { ["MailRouting:MaxConnections"] = "1" });
        await host.AddAliasAsync("council", "ubuntu.com", enabled: true, "one@example.org");
        var first = await SocketmapClient.ConnectAsync(host.Port());
        Assert.Equal("OK one@example.org", await first.AskAsync("aliases council@ubuntu.com"));

        // The kernel completes the second connection into the backlog; the service reads it only when a slot is free.
        await using var second = await SocketmapClient.ConnectAsync(host.Port());
        var waiting = second.AskAsync("aliases council@ubuntu.com");
        Assert.NotSame(waiting, await Task.WhenAny(waiting, Task.Delay(TimeSpan.FromMilliseconds(500))));

        await first.DisposeAsync();
        Assert.Equal("OK one@example.org", await waiting);
    }

    [Fact]
    public async Task A_disabled_alias_is_not_found_on_the_next_lookup_and_found_again_once_re_enabled()
    {
        await using var host = await MailRoutingTestHost.StartAsync();
        await host.AddAliasAsync("council", "ubuntu.com", enabled: true, "one@example.org");
        await using var client = await SocketmapClient.ConnectAsync(host.Port());
        Assert.Equal("OK one@example.org", await client.AskAsync("aliases council@ubuntu.com"));

        await host.UpdateAliasAsync("council", a => a.IsEnabled = false);
        Assert.Equal("NOTFOUND ", await client.AskAsync("aliases council@ubuntu.com"));

        await host.UpdateAliasAsync("council", a => a.IsEnabled = true);
        Assert.Equal("OK one@example.org", await client.AskAsync("aliases council@ubuntu.com"));
    }

    [Fact]
    public async Task A_domain_change_is_answered_on_the_next_lookup()
    {
        await using var host = await MailRoutingTestHost.StartAsync();
        await using var client = await SocketmapClient.ConnectAsync(host.Port());
        Assert.Equal("OK ubuntu.net", await client.AskAsync("domains ubuntu.net"));

        int domainId = 0;
        await host.WithDbAsync(async db =>
        {
            var domain = await db.Domains.SingleAsync(d => d.Name == "ubuntu.net");
            domain.IsEnabled = false;
            domainId = domain.Id;
            await db.SaveChangesAsync();
        });
        host.Services.GetRequiredService<IDashboardChangeNotifier>().DomainChanged(domainId);

        Assert.Equal("NOTFOUND ", await client.AskAsync("domains ubuntu.net"));
    }

    [Fact]
    public async Task While_the_database_is_unreachable_known_addresses_get_their_last_answer_and_only_unknown_ones_TEMP()
    {
        await using var host = await MailRoutingTestHost.StartAsync();
        await host.AddAliasAsync("council", "ubuntu.com", enabled: true, "one@example.org");
        await host.AddAliasAsync("gone", "ubuntu.com", enabled: false, "gone@example.org");
        await using var client = await SocketmapClient.ConnectAsync(host.Port());
        Assert.Equal("OK one@example.org", await client.AskAsync("aliases council@ubuntu.com"));
        Assert.Equal("NOTFOUND ", await client.AskAsync("aliases gone@ubuntu.com"));
        // A change makes every answer stale: from here on each lookup goes to the database first.
        host.Services.GetRequiredService<IDashboardChangeNotifier>().AliasesChanged(null);

        using (DatabaseOutage.Begin(host.Database))
        {
            Assert.Equal("OK one@example.org", await client.AskAsync("aliases council@ubuntu.com"));
            Assert.Equal("NOTFOUND ", await client.AskAsync("aliases gone@ubuntu.com"));
            Assert.Equal("OK ubuntu.com", await client.AskAsync("domains ubuntu.com"));
            // Not ours by the last-known domain list: no database needed to say so.
            Assert.Equal("NOTFOUND ", await client.AskAsync("aliases someone@example.org"));
            Assert.StartsWith("TEMP ", await client.AskAsync("aliases never-asked@ubuntu.com"), StringComparison.Ordinal);
            Assert.True(host.Statistics().Count(LookupOutcome.Stale) >= 3);
            Assert.Equal(1, host.Statistics().Count(LookupOutcome.Temp));
        }

        Assert.Equal("NOTFOUND ", await client.AskAsync("aliases never-asked@ubuntu.com"));
        Assert.Equal("OK one@example.org", await client.AskAsync("aliases council@ubuntu.com"));
    }

    [Fact]
    public async Task The_service_answers_on_a_Unix_socket_when_configured_and_removes_it_at_stop()
    {
        var path = Path.Combine(Path.GetTempPath(), "fed-routing-" + Guid.NewGuid().ToString("N")[..8] + ".sock");
        var host = await MailRoutingTestHost.StartAsync(settings: new Dictionary<string, string?> { ["MailRouting:UnixSocketPath"] = path });
        try
        {
            await host.AddAliasAsync("council", "ubuntu.com", enabled: true, "one@example.org");
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path));
            await using var stream = new NetworkStream(socket);
            await stream.WriteAsync(SocketmapClient.Encode("aliases council@ubuntu.com"));
            var reply = new byte[64];
            var read = await stream.ReadAtLeastAsync(reply, "18:OK one@example.org,".Length).AsTask().WaitAsync(SocketmapClient.ReadTimeout);

            Assert.Equal("18:OK one@example.org,", System.Text.Encoding.ASCII.GetString(reply, 0, read));
            if (!OperatingSystem.IsWindows())
            {
                // Postfix's processes run as their own user and must be able to connect.
                Assert.Equal(UnixFileMode.OtherWrite, File.GetUnixFileMode(path) & UnixFileMode.OtherWrite);
            }
        }
        finally
        {
            await host.DisposeAsync();
        }

        Assert.False(File.Exists(path));
    }

    /// <summary>
    /// Makes the SQLite file really unopenable: pooled connections are dropped and a directory takes the file's place,
    /// so every new connection fails to open it, as a database server that does not answer would.
    /// </summary>
    private sealed class DatabaseOutage : IDisposable
    {
        private readonly TempSqliteDatabase _database;
        private readonly string _aside;

        private DatabaseOutage(TempSqliteDatabase database)
        {
            _database = database;
            _aside = database.FilePath + ".aside";
            SqliteConnection.ClearAllPools();
            File.Move(database.FilePath, _aside);
            System.IO.Directory.CreateDirectory(database.FilePath);
        }

        public static DatabaseOutage Begin(TempSqliteDatabase database) => new(database);

        public void Dispose()
        {
            SqliteConnection.ClearAllPools();
            System.IO.Directory.Delete(_database.FilePath);
            File.Move(_aside, _database.FilePath);
        }
    }
}
