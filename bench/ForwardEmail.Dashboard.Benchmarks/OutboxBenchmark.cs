using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using ForwardEmail.Dashboard.Core.Data;
using ForwardEmail.Dashboard.Core.Directory;
using ForwardEmail.Dashboard.Core.Domain;
using ForwardEmail.Dashboard.Core.Mail;
using ForwardEmail.Dashboard.Core.Provisioning;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ForwardEmail.Dashboard.Benchmarks;

/// <summary>
/// 10,000 queued outbox messages dispatched over SMTP to Postfix's smtp-sink on loopback by the real dispatcher (SQLite
/// file, leases, one mark per message), next to what Postfix's own smtp-source sends to the same sink in the same run.
/// </summary>
internal static class OutboxBenchmark
{
    private const int Messages = 10_000;
    private const string SmtpSink = "/usr/sbin/smtp-sink";
    private const string SmtpSource = "/usr/sbin/smtp-source";

    /// <param name="connections">The dispatcher's Outbox:Connections and smtp-source's sessions (-s).</param>
    public static async Task RunAsync(int connections)
    {
        if (!File.Exists(SmtpSink) || !File.Exists(SmtpSource))
        {
            Console.Error.WriteLine("Needs Postfix's smtp-sink and smtp-source: DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postfix");
            Environment.ExitCode = 1;
            return;
        }

        var port = FreePort();
        using var sink = StartSink(port);
        await WaitForPortAsync(port);

        var folder = Path.Combine(Environment.GetEnvironmentVariable("BENCH_DB_DIR") ?? Path.GetTempPath(), "fed-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:Provider"] = "Sqlite",
                ["Database:ConnectionString"] = $"Data Source={Path.Combine(folder, "bench.db")}",
                ["Notifications:TeamAddress"] = "team@example.org",
                ["Notifications:From"] = "noreply@example.org",
                ["Smtp:Host"] = "127.0.0.1",
                ["Smtp:Port"] = port.ToString(CultureInfo.InvariantCulture),
                ["Smtp:Security"] = "None",
                ["Outbox:BatchSize"] = "500",
                ["Outbox:Connections"] = connections.ToString(CultureInfo.InvariantCulture),
            });
            builder.AddDashboardDatabase();
            builder.AddDirectoryClient();
            builder.AddProvisioning();
            builder.AddOutboxMail();
            using var host = builder.Build();
            await host.StartAsync();

            var factory = host.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>();
            int bodyBytes;
            await using (var db = await factory.CreateDbContextAsync())
            {
                var now = DateTimeOffset.UtcNow;
                var messages = Enumerable.Range(0, Messages).Select(i => new OutboxMessage
                {
                    To = $"admin{i % 6}@example.org",
                    Subject = "New @ubuntu.com email address created",
                    Body = $"The address user{i:D5}@ubuntu.com was created and forwards to user{i:D5}@example.org.\n",
                    Kind = OutboxKinds.AliasCreated,
                    CreatedAt = now,
                }).ToList();
                bodyBytes = messages[0].Body.Length;
                db.Outbox.AddRange(messages);
                await db.SaveChangesAsync();
            }

            var watch = Stopwatch.StartNew();
            OutboxDispatchResult result;
            await using (var scope = host.Services.CreateAsyncScope())
            {
                result = await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DispatchAsync(CancellationToken.None);
            }

            watch.Stop();
            await using (var db = await factory.CreateDbContextAsync())
            {
                var unsent = await db.Outbox.CountAsync(m => m.SentAt == null);
                if (result.Sent != Messages || unsent != 0)
                {
                    throw new InvalidOperationException($"Dispatch sent {result.Sent} of {Messages} ({unsent} unsent): {result}");
                }
            }

            await host.StopAsync();

            var dispatcherRate = Messages / watch.Elapsed.TotalSeconds;
            var source = await RunSmtpSourceAsync(port, bodyBytes, connections);
            var sourceRate = Messages / source.TotalSeconds;

            Console.WriteLine($"messages                     {Messages} queued in the outbox (SQLite file), one recipient each, {bodyBytes}-byte bodies");
            Console.WriteLine($"sink                         smtp-sink on 127.0.0.1:{port} (discards)");
            Console.WriteLine();
            Console.WriteLine($"dispatcher wall time         {watch.Elapsed.TotalSeconds:F2} s ({dispatcherRate:F0} messages/s; Outbox:BatchSize 500, Outbox:Connections {connections})");
            Console.WriteLine($"smtp-source wall time        {source.TotalSeconds:F2} s ({sourceRate:F0} messages/s; -s {connections} -d: {connections} session(s), one connection each)");
            Console.WriteLine($"ratio dispatcher/smtp-source {dispatcherRate / sourceRate:F2}");
        }
        finally
        {
            sink.Kill();
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    internal static Process StartSink(int port)
    {
        var start = new ProcessStartInfo(SmtpSink) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (Environment.UserName == "root")
        {
            start.ArgumentList.Add("-u");
            start.ArgumentList.Add("nobody");
        }

        start.ArgumentList.Add($"127.0.0.1:{port}");
        start.ArgumentList.Add("64");
        var process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        return process;
    }

    private static async Task<TimeSpan> RunSmtpSourceAsync(int port, int bodyBytes, int sessions)
    {
        var start = new ProcessStartInfo(SmtpSource) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[]
        {
            "-s", sessions.ToString(CultureInfo.InvariantCulture), "-d", "-m", Messages.ToString(CultureInfo.InvariantCulture), "-l", bodyBytes.ToString(CultureInfo.InvariantCulture),
            "-f", "noreply@example.org", "-t", "admin0@example.org", "-S", "New @ubuntu.com email address created", $"127.0.0.1:{port}",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        watch.Stop();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"smtp-source exited with {process.ExitCode}: {await stderr}");
        }

        return watch.Elapsed;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitForPortAsync(int port)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (attempt < 100)
            {
                await Task.Delay(50);
            }
        }
    }
}
