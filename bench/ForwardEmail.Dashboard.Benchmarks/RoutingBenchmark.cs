using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ForwardEmail.Dashboard.Core.Data;
using ForwardEmail.Dashboard.Core.Domain;
using ForwardEmail.Dashboard.Core.MailRouting;
using ForwardEmail.Dashboard.TestFixtures;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ForwardEmail.Dashboard.Benchmarks;

/// <summary>
/// 100,000 aliases on ubuntu.com in a SQLite file. First the socketmap service alone on loopback (lookups/s, p50/p99;
/// once cold: every address read from the database, once warm: from the cache). Then two private Postfix instances in
/// the same run, one asking the service, one with the same aliases in a <c>hash:</c> table (postmap), each fed the same
/// load by smtp-source and relaying to smtp-sink: messages/s accepted, and the ratio.
/// </summary>
internal static class RoutingBenchmark
{
    private const int Aliases = 100_000;
    private const int LookupConnections = 4;
    /// <summary>Alternating rounds of each side: on a shared 2-core VM a single round moves by 20 %, so the median is the figure.</summary>
    private const int Rounds = 5;
    private const string SmtpSource = "/usr/sbin/smtp-source";
    private const string Postmap = "/usr/sbin/postmap";

    public static async Task RunAsync(int messages, int recipientsPerMessage, int sessions)
    {
        var folder = Path.Combine(Environment.GetEnvironmentVariable("BENCH_DB_DIR") ?? Path.GetTempPath(), "fed-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var port = LoopbackPort.Free();
        using var host = BuildHost(folder, new() { ["MailRouting:Port"] = port.ToString(CultureInfo.InvariantCulture) });
        await host.StartAsync();
        try
        {
            var names = await SeedAsync(host.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>());
            Console.WriteLine($"aliases                      {Aliases} on ubuntu.com (SQLite file {folder}), service on 127.0.0.1:{port}");
            var cold = await MeasureLookupsAsync(port, names);
            var warm = await MeasureLookupsAsync(port, names);
            Console.WriteLine($"lookups cold (database)      {cold}");
            Console.WriteLine($"lookups warm (cache)         {warm}");
            Console.WriteLine($"  ({LookupConnections} connections, one request at a time each, every alias once per pass in random order)");
            Console.WriteLine($"answer from cache, no socket {MeasureInProcess(host.Services.GetRequiredService<MailRoutingLookup>(), names)}");
            Console.WriteLine();

            if (Environment.GetEnvironmentVariable("BENCH_ROUTING_SOCKET") == "unix")
            {
                // The same service on a Unix socket for Postfix (socketmap:unix:PATH), on the same database; its cache
                // fills in the first round.
                var socket = Path.Combine(folder, "socketmap.sock");
                using var unixHost = BuildHost(folder, new() { ["MailRouting:UnixSocketPath"] = socket });
                await unixHost.StartAsync();
                var statistics = unixHost.Services.GetRequiredService<MailRoutingStatistics>();
                await ComparePostfixAsync(folder, "unix:" + socket, names, messages, recipientsPerMessage, sessions, statistics);
                Console.WriteLine($"service counters             {statistics}");
                await unixHost.StopAsync();
            }
            else
            {
                var statistics = host.Services.GetRequiredService<MailRoutingStatistics>();
                await ComparePostfixAsync(folder, $"inet:127.0.0.1:{port}", names, messages, recipientsPerMessage, sessions, statistics);
                // The in-process measurement above answered through the same cache, so its 3,000,000 count as hits here.
                Console.WriteLine($"service counters             {statistics} (hits include the in-process answers)");
            }
        }
        finally
        {
            await host.StopAsync();
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static IHost BuildHost(string folder, Dictionary<string, string?> listen)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["Database:ConnectionString"] = $"Data Source={Path.Combine(folder, "bench.db")}",
            ["MailRouting:Enabled"] = "true",
            // Long enough that the warm pass and the Postfix run are served from the cache, as between alias changes.
            ["MailRouting:CacheLifetime"] = "00:10:00",
        });
        builder.Configuration.AddInMemoryCollection(listen);
        builder.AddDashboardDatabase();
        builder.AddMailRouting();
        return builder.Build();
    }

    /// <summary>smtp-source names the recipients of a transaction x, 2x, 3x, … for <c>-t x@ubuntu.com</c>: so do the aliases.</summary>
    private static async Task<List<string>> SeedAsync(IDbContextFactory<DashboardDbContext> factory)
    {
        var names = Enumerable.Range(1, Aliases).Select(i => i == 1 ? "x" : i.ToString(CultureInfo.InvariantCulture) + "x").ToList();
        await using var db = await factory.CreateDbContextAsync();
        var ubuntu = await db.Domains.SingleAsync(d => d.Name == "ubuntu.com");
        ubuntu.VerificationState = DomainVerificationState.Verified;
        var now = DateTimeOffset.UtcNow;
        foreach (var chunk in names.Chunk(10_000))
        {
            db.Aliases.AddRange(chunk.Select(name => new Alias
            {
                Name = name,
                DomainId = ubuntu.Id,
                Recipients = [$"r-{name}@example.org"],
                Origin = AliasOrigin.Manual,
                CreatedAt = now,
                UpdatedAt = now,
            }));
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }

        return names;
    }

    private static async Task<string> MeasureLookupsAsync(int port, List<string> names)
    {
        var order = names.OrderBy(_ => Random.Shared.Next()).ToArray();
        var latencies = new long[order.Length];
        var next = -1;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, LookupConnections).Select(async _ =>
        {
            using var client = new TcpClient { NoDelay = true };
            await client.ConnectAsync(IPAddress.Loopback, port);
            var stream = client.GetStream();
            var reply = new byte[256];
            int i;
            while ((i = Interlocked.Increment(ref next)) < order.Length)
            {
                var request = Encoding.ASCII.GetBytes($"aliases {order[i]}@ubuntu.com");
                var started = Stopwatch.GetTimestamp();
                await stream.WriteAsync(Encoding.ASCII.GetBytes(request.Length.ToString(CultureInfo.InvariantCulture) + ":").Concat(request).Append((byte)',').ToArray());
                var read = 0;
                do
                {
                    var n = await stream.ReadAsync(reply.AsMemory(read));
                    read += n > 0 ? n : throw new InvalidOperationException("The service closed the connection.");
                }
                while (reply[read - 1] != (byte)',');

                latencies[i] = Stopwatch.GetTimestamp() - started;
                if (!Encoding.ASCII.GetString(reply, 0, read).Contains(":OK r-", StringComparison.Ordinal))
                {
                    throw new InvalidOperationException("Unexpected reply: " + Encoding.ASCII.GetString(reply, 0, read));
                }
            }
        }));
        watch.Stop();
        Array.Sort(latencies);
        static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
        return string.Create(CultureInfo.InvariantCulture,
            $"{order.Length / watch.Elapsed.TotalSeconds:F0} lookups/s, p50 {Ms(latencies[latencies.Length / 2]):F3} ms, p99 {Ms(latencies[latencies.Length * 99 / 100]):F3} ms");
    }

    /// <summary>
    /// What a cached answer costs the service's own code (decode the request, look it up, encode the reply) with no socket
    /// in between: against the CPU per request in the Postfix rounds, this says how much of that is the round trip.
    /// </summary>
    private static string MeasureInProcess(MailRoutingLookup lookup, List<string> names)
    {
        var requests = names.Take(1_000).Select(name => Encoding.UTF8.GetBytes($"aliases {name}@ubuntu.com")).ToArray();
        const int Count = 1_000_000;
        var best = TimeSpan.MaxValue;
        for (var pass = 0; pass < 3; pass++)
        {
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < Count; i++)
            {
                var request = Encoding.UTF8.GetString(requests[i % requests.Length]);
                var space = request.IndexOf(' ', StringComparison.Ordinal);
                if (!lookup.TryAnswerFromCache(request[..space], request[(space + 1)..], out var reply) || reply.Status != "OK")
                {
                    throw new InvalidOperationException("The warm pass left " + request + " uncached.");
                }

                Netstring.Encode(reply.ToString());
            }

            best = watch.Elapsed < best ? watch.Elapsed : best;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{best.TotalMicroseconds / Count:F2} µs per request (best of 3 passes of {Count:N0}, one thread)");
    }

    /// <param name="service">Where Postfix finds the service: <c>inet:127.0.0.1:PORT</c> or <c>unix:PATH</c>.</param>
    private static async Task ComparePostfixAsync(
        string folder, string service, List<string> names, int messages, int recipientsPerMessage, int sessions, MailRoutingStatistics statistics)
    {
        var sinkPort = LoopbackPort.Free();
        using var sink = OutboxBenchmark.StartSink(sinkPort);
        await LoopbackPort.WaitForListenerAsync(sinkPort, TimeSpan.FromSeconds(10));
        var table = Path.Combine(folder, "virtual");
        await File.WriteAllLinesAsync(table, names.Select(name => $"{name}@ubuntu.com r-{name}@example.org"));
        // Both maps as tables on either side, so the comparison is lookups against lookups.
        var domainsTable = Path.Combine(folder, "domains");
        await File.WriteAllLinesAsync(domainsTable, ["ubuntu.com ubuntu.com"]);
        // The tables are built before any instance that reads them starts (postmap only needs some main.cf): tables
        // built under the running daemons made three of six runs answer "451 Temporary lookup failure" on the hash side.
        var postmapConfig = Path.Combine(folder, "postmap-etc");
        Directory.CreateDirectory(postmapConfig);
        await File.WriteAllLinesAsync(Path.Combine(postmapConfig, "main.cf"), ["compatibility_level = 3.6"]);
        await RunAsync(Postmap, ["-c", postmapConfig, "hash:" + table]);
        await RunAsync(Postmap, ["-c", postmapConfig, "hash:" + domainsTable]);
        try
        {
            // BENCH_ROUTING_DOMAINS=hash: a what-if for docs/benchmarks.md, the domains from a table Postfix reads itself and
            // only the aliases over socketmap (not the configuration docs/mail-routing.md gives).
            var domainsFromTable = Environment.GetEnvironmentVariable("BENCH_ROUTING_DOMAINS") == "hash";
            await using var socketmap = await PostfixInstance.StartAsync(sinkPort,
            [
                domainsFromTable ? $"virtual_alias_domains = hash:{domainsTable}" : $"virtual_alias_domains = socketmap:{service}:domains",
                $"virtual_alias_maps = socketmap:{service}:aliases",
            ]);
            await using var hash = await PostfixInstance.StartAsync(sinkPort,
            [
                $"virtual_alias_domains = hash:{domainsTable}",
                $"virtual_alias_maps = hash:{table}",
            ]);

            // Alternating runs, so that load from the other engineers on the machine hits both about equally.
            var viaSocketmap = new List<TimeSpan>();
            var viaHash = new List<TimeSpan>();
            var serviceCpu = new List<(double User, double System)>();
            var lookupsBefore = Lookups(statistics);
            for (var round = 0; round < Rounds; round++)
            {
                // This process is the service (and an idle benchmark), so its CPU time in a round is the service's cost.
                using var self = Process.GetCurrentProcess();
                var (user, system, requests) = (self.UserProcessorTime, self.PrivilegedProcessorTime, Lookups(statistics));
                viaSocketmap.Add(await SmtpSourceAsync(socketmap.SmtpPort, messages, recipientsPerMessage, sessions));
                self.Refresh();
                var answered = Math.Max(1, Lookups(statistics) - requests);
                serviceCpu.Add(((self.UserProcessorTime - user).TotalMicroseconds / answered, (self.PrivilegedProcessorTime - system).TotalMicroseconds / answered));
                viaHash.Add(await SmtpSourceAsync(hash.SmtpPort, messages, recipientsPerMessage, sessions));
            }

            var socketmapRate = messages / viaSocketmap.Min().TotalSeconds;
            var hashRate = messages / viaHash.Min().TotalSeconds;
            Console.WriteLine($"postfix load                 smtp-source -s {sessions} -m {messages} -r {recipientsPerMessage} ({recipientsPerMessage} aliases x, 2x, … per message), {Rounds} alternating rounds");
            Console.WriteLine($"socketmap (this service)     median {messages / Median(viaSocketmap):F0}, best {socketmapRate:F0} messages/s ({string.Join(", ", viaSocketmap.Select(t => t.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture)))} s)");
            Console.WriteLine($"hash: table (postmap)        median {messages / Median(viaHash):F0}, best {hashRate:F0} messages/s ({string.Join(", ", viaHash.Select(t => t.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture)))} s)");
            Console.WriteLine($"ratio socketmap/hash         {Median(viaHash) / Median(viaSocketmap):F2} (median rounds); {socketmapRate / hashRate:F2} (best rounds)");
            // Each socketmap round with the hash: round straight after it: the two share the machine's load of the moment.
            var paired = viaSocketmap.Zip(viaHash, (socketmapRound, hashRound) => hashRound / socketmapRound).ToList();
            Console.WriteLine($"ratio of paired rounds       median {paired.Order().ElementAt(paired.Count / 2):F2} ({string.Join(", ", paired.Select(r => r.ToString("F2", CultureInfo.InvariantCulture)))})");
            Console.WriteLine($"service CPU per request      user {serviceCpu.Select(c => c.User).Order().ElementAt(Rounds / 2):F1} µs, system {serviceCpu.Select(c => c.System).Order().ElementAt(Rounds / 2):F1} µs (median round; the process's CPU time over the requests answered)");
            var recipients = (double)Rounds * messages * recipientsPerMessage;
            Console.WriteLine($"socketmap requests           {(Lookups(statistics) - lookupsBefore) / recipients:F2} per recipient accepted");
        }
        finally
        {
            sink.Kill();
        }
    }

    private static long Lookups(MailRoutingStatistics statistics) =>
        Enum.GetValues<LookupOutcome>().Sum(statistics.Count);

    private static double Median(List<TimeSpan> rounds) => rounds.Order().ElementAt(rounds.Count / 2).TotalSeconds;

    private static Task<TimeSpan> SmtpSourceAsync(int port, int messages, int recipients, int sessions) =>
        RunAsync(SmtpSource,
        [
            "-s", sessions.ToString(CultureInfo.InvariantCulture), "-m", messages.ToString(CultureInfo.InvariantCulture),
            "-r", recipients.ToString(CultureInfo.InvariantCulture), "-f", "sender@example.org", "-t", "x@ubuntu.com", $"127.0.0.1:{port}",
        ]);

    private static async Task<TimeSpan> RunAsync(string program, string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        watch.Stop();
        // smtp-source reports refused recipients on stderr but still exits 0: any output there means the run is not valid.
        var errors = (await stderr).Trim();
        if (process.ExitCode != 0 || errors.Length > 0)
        {
            throw new InvalidOperationException($"{program} exited with {process.ExitCode}: {errors}{await stdout}");
        }

        return watch.Elapsed;
    }
}
