using System.Diagnostics;
using ForwardEmail.Dashboard.Core.Domain;
using ForwardEmail.Dashboard.IntegrationTests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ForwardEmail.Dashboard.IntegrationTests.Jobs;

/// <summary>
/// The real dashboard process (demo directory with thousands of people, SQLite, in-process Hangfire, SMTP to Postfix's
/// smtp-sink) killed with SIGKILL in the middle of its scheduled reconciliation and started again: the end state is the
/// one a clean run reaches, and every queued notification arrives exactly once.
/// </summary>
public sealed class CrashRecoveryTests(SmtpSinkFixture smtp) : IClassFixture<SmtpSinkFixture>
{
    private const int People = 2_000;

    [Fact]
    public async Task AReconciliationKilledMidRun_EndsLikeACleanRun_WithNoDuplicateAlias_AndEveryEmailOnce()
    {
        var clean = await RunAsync(killMidRun: false);
        smtp.Sink.Clear();

        var crashed = await RunAsync(killMidRun: true);

        Assert.True(crashed.AliasesAtKill > 0 && crashed.AliasesAtKill < clean.Aliases.Count,
            $"the kill did not land mid-run ({crashed.AliasesAtKill} of {clean.Aliases.Count} aliases)");
        Assert.Equal(clean.Aliases, crashed.Aliases);
        Assert.Equal(crashed.Aliases.Count, crashed.Aliases.Select(a => (a.Domain, a.Name)).Distinct().Count());

        // Every outbox row of the crashed database went out, once, under its own Message-ID.
        var received = smtp.Sink.Received().GroupBy(m => m.Message.MessageId ?? "").ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(crashed.OutboxIds.Count, received.Count);
        Assert.All(received, r => Assert.Equal(1, r.Value));
        Assert.Equal(crashed.OutboxIds.Order(), received.Keys.Select(OutboxId).Order());

        // And they announce what the clean run announced, each alias once per admin contact: a crash may split a
        // domain's digest in two (the held part is sent when the next run starts), but never repeats or drops a line.
        Assert.Equal(clean.Notifications, crashed.Notifications);
        Assert.Equal(crashed.Notifications.Count, crashed.Notifications.Distinct().Count());
    }

    private static long OutboxId(string messageId) =>
        long.Parse(messageId["outbox-".Length..messageId.IndexOf('@', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);

    private sealed record AliasState(string Domain, string Name, string Recipients, bool IsEnabled, string? DisabledReason);

    private sealed record RunResult(List<AliasState> Aliases, int AliasesAtKill, List<long> OutboxIds, List<string> Notifications);

    private async Task<RunResult> RunAsync(bool killMidRun)
    {
        using var database = new TempSqliteDatabase();
        await SeedContributorsAsync(database);
        var aliasesAtKill = 0;

        // While the reconciliation runs the outbox is not dispatched, so the kill lands in the reconciliation; the
        // dispatcher's own crash window (between the server's acceptance and the row's mark) is covered in docs/outbox.md.
        using (var first = await StartAsync(database, dispatch: !killMidRun))
        {
            if (killMidRun)
            {
                aliasesAtKill = await WaitForAsync(database, count => count >= People / 10, TimeSpan.FromSeconds(120));
                first.Kill();
                await first.WaitForExitAsync();
                SqliteConnection.ClearAllPools();
            }
            else
            {
                await WaitUntilSettledAsync(database);
                first.Kill();
                await first.WaitForExitAsync();
            }
        }

        if (killMidRun)
        {
            using var second = await StartAsync(database, dispatch: true);
            await WaitUntilSettledAsync(database);
            second.Kill();
            await second.WaitForExitAsync();
        }

        SqliteConnection.ClearAllPools();
        await using var db = database.CreateContext();
        var aliases = await db.Aliases.AsNoTracking()
            .Select(a => new { Domain = a.Domain!.Name, a.Name, a.Recipients, a.IsEnabled, a.DisabledReason })
            .ToListAsync();
        var outbox = await db.Outbox.AsNoTracking().OrderBy(m => m.Id).ToListAsync();
        return new RunResult(
            [.. aliases.Select(a => new AliasState(a.Domain, a.Name, string.Join(",", a.Recipients), a.IsEnabled, a.DisabledReason))
                .OrderBy(a => a.Domain, StringComparer.Ordinal).ThenBy(a => a.Name, StringComparer.Ordinal)],
            aliasesAtKill,
            [.. outbox.Select(m => m.Id)],
            [.. outbox.SelectMany(Announcements).Order(StringComparer.Ordinal)]);
    }

    /// <summary>
    /// What one message tells whom: each alias line of a digest or of a single alias message, and any other message by
    /// its kind and subject.
    /// </summary>
    private static IEnumerable<string> Announcements(Core.Domain.OutboxMessage message)
    {
        var lines = System.Text.RegularExpressions.Regex.Matches(message.Body, @"The address (\S+) was (created|updated)")
            .Select(m => $"{message.To}: {m.Groups[1].Value} {m.Groups[2].Value}").ToList();
        return lines.Count > 0 ? lines : [$"{message.To}: {message.Kind} {message.Subject}"];
    }

    /// <summary>Contributors named like the demo directory's synthetic people (user00000, …), as an import would leave them.</summary>
    private static async Task SeedContributorsAsync(TempSqliteDatabase database)
    {
        await using var db = await database.CreateMigratedContextAsync();
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < People; i++)
        {
            var name = $"user{i:D5}";
            db.Contributors.Add(new Contributor { Subject = "sub-" + name, Username = name, Email = name + "@example.org", CreatedAt = now, UpdatedAt = now });
        }

        await db.SaveChangesAsync();
    }

    /// <summary>
    /// Starts the dashboard and waits until it listens. A port picked free can be taken by another test process before the
    /// dashboard binds it (the process then exits after seeding): that start is retried on another port.
    /// </summary>
    private async Task<Process> StartAsync(TempSqliteDatabase database, bool dispatch)
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = LoopbackPort.Free();
            var process = Start(database, port, dispatch);
            try
            {
                await LoopbackPort.WaitForListenerAsync(port, TimeSpan.FromSeconds(90), () => !process.HasExited);

                // Whoever took the port answers too; a dashboard that lost the race has exited by now.
                await Task.Delay(500);
                if (!process.HasExited)
                {
                    return process;
                }
            }
            catch (System.Net.Sockets.SocketException) when (process.HasExited)
            {
            }

            Assert.True(attempt < 3, $"the dashboard exited at start three times (last exit code {process.ExitCode})");
            process.Dispose();
        }
    }

    private Process Start(TempSqliteDatabase database, int port, bool dispatch)
    {
        var dashboard = Path.Combine(AppContext.BaseDirectory, "ForwardEmail.Dashboard.Web.dll");
        var start = new ProcessStartInfo("dotnet", [dashboard, "--urls", $"http://127.0.0.1:{port}"])
        {
            WorkingDirectory = database.Folder,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            Environment =
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["Database__ConnectionString"] = database.ConnectionString,
                ["Demo__Enabled"] = "true",
                ["Demo__IdentityIssuer"] = $"http://127.0.0.1:{port}/",
                ["Demo__DataFolder"] = database.Folder,
                ["Demo__Directory__SyntheticPeople"] = People.ToString(System.Globalization.CultureInfo.InvariantCulture),
                // A little latency per directory request, as a real directory has, so the run lasts long enough to be cut.
                ["Demo__Directory__Latency"] = "00:00:00.020",
                ["Notifications__TeamAddress"] = "team@example.org",
                ["Notifications__From"] = "dashboard@example.org",
                ["Smtp__Host"] = "127.0.0.1",
                ["Smtp__Port"] = smtp.Sink.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Smtp__Security"] = "None",
                ["Jobs__Storage"] = "InMemory",
                ["Jobs__Schedule__Reconciliation"] = "*/5 * * * * *",
                ["Jobs__Schedule__OutboxDispatch"] = dispatch ? "*/2 * * * * *" : "0 0 1 1 *",
                ["Jobs__Schedule__ProvisioningRetry"] = "0 0 1 1 *",
                ["Jobs__Schedule__DnsRecheck"] = "0 0 1 1 *",
                ["Logging__LogLevel__Default"] = "Warning",
            },
        };
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine("[dashboard] " + e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Polls the alias count until <paramref name="done"/> says so; returns the count seen then.</summary>
    private static async Task<int> WaitForAsync(TempSqliteDatabase database, Func<int, bool> done, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            var count = await CountAsync(database, "SELECT COUNT(*) FROM Aliases");
            if (done(count))
            {
                return count;
            }

            Assert.True(DateTime.UtcNow < deadline, $"gave up waiting after {limit} ({count} aliases)");
            await Task.Delay(25);
        }
    }

    /// <summary>
    /// Settled: the reconciliation has provisioned (more aliases than half the people; the demo's one manual alias does
    /// not count), nothing changed for ten seconds (two reconciliation ticks), and every outbox row is sent.
    /// </summary>
    private static async Task WaitUntilSettledAsync(TempSqliteDatabase database)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(4);
        var last = (-1L, -1L);
        var stableSince = DateTime.UtcNow;
        while (true)
        {
            var aliases = await CountAsync(database, "SELECT COUNT(*) FROM Aliases");
            var changes = await CountAsync(database, "SELECT COUNT(*) FROM AuditEntries");
            var unsent = await CountAsync(database, "SELECT COUNT(*) FROM Outbox WHERE SentAt IS NULL");
            var now = (aliases, changes);
            if (now != last)
            {
                last = now;
                stableSince = DateTime.UtcNow;
            }
            else if (aliases > People / 2 && unsent == 0 && DateTime.UtcNow - stableSince > TimeSpan.FromSeconds(10))
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"did not settle: {aliases} aliases, {unsent} unsent messages");
            await Task.Delay(250);
        }
    }

    private static async Task<int> CountAsync(TempSqliteDatabase database, string sql)
    {
        try
        {
            await using var connection = new SqliteConnection(database.ConnectionString + ";Mode=ReadOnly;Pooling=False");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (SqliteException)
        {
            // The app is migrating or holds a write lock at this instant: ask again on the next poll.
            return -1;
        }
    }

}
