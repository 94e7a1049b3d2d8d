using System.Diagnostics;
using System.Globalization;
using ForwardEmail.Dashboard.Benchmarks;
using ForwardEmail.Dashboard.Core.Data;
using ForwardEmail.Dashboard.Core.Directory;
using ForwardEmail.Dashboard.Core.Domain;
using ForwardEmail.Dashboard.Core.Provisioning;
using ForwardEmail.Dashboard.Demo.Directory;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// Scenarios (docs/benchmarks.md records the numbers): no argument or "reconciliation": full reconciliation of 10,000
// contributors over the six mapped teams, against the demo Launchpad server with 50 ms latency per request, on a SQLite
// file. "outbox [connections]": 10,000 queued messages dispatched to Postfix's smtp-sink over 1 (default) or more
// connections, next to smtp-source with as many sessions against the same sink. "admin-grid": the admin console's alias
// grid queries and CSV export at 100,000 aliases on a SQLite file. "routing [messages] [recipients] [sessions]": the mail
// routing socketmap service with 100,000 aliases, alone and behind Postfix next to a hash: table.
switch (args.FirstOrDefault() ?? "reconciliation")
{
    case "reconciliation":
        break;
    case "outbox":
        await OutboxBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1);
        return;
    case "admin-grid":
        await AdminGridBenchmark.RunAsync();
        return;
    case "routing":
        await RoutingBenchmark.RunAsync(
            args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2_000,
            args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10,
            args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 8);
        return;
    default:
        Console.Error.WriteLine($"Unknown scenario '{args[0]}': use reconciliation (default), outbox, admin-grid or routing.");
        return;
}

const int Contributors = 10_000;
const int InListings = 9_400;      // synthetic people spread over the six teams (some in two; every 20th no CoC, every 50th not valid)
const int Loners = 500;            // valid accounts in no team: one person request each, to tell them why
const int Unknown = Contributors - InListings - Loners; // not in the directory at all: 404
var latency = TimeSpan.FromMilliseconds(50);

var teams = DefaultData.DomainTeams.Select(t => t.Team).ToList();
var data = DemoDirectoryData.Empty();
data.AddSyntheticPeople(InListings, teams, prefix: "user");
for (var i = 0; i < Loners; i++)
{
    data.AddPerson($"loner{i:D4}");
}

await using var directory = await DemoDirectoryServer.StartAsync(data);
directory.Faults.Latency = latency;

// BENCH_DB_DIR puts the database elsewhere (e.g. /dev/shm to see what disk syncs cost); default: the temp folder.
var folder = Path.Combine(Environment.GetEnvironmentVariable("BENCH_DB_DIR") ?? Path.GetTempPath(), "fed-bench", Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(folder);
var counter = new CommandCounter();
var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Database:Provider"] = "Sqlite",
    ["Database:ConnectionString"] = $"Data Source={Path.Combine(folder, "bench.db")}",
    ["Directory:BaseUrl"] = directory.BaseUrl.AbsoluteUri,
    ["Notifications:TeamAddress"] = "team@example.org",
});
builder.AddDashboardDatabase();
builder.AddDirectoryClient();
builder.AddProvisioning();
builder.Services.ConfigureDbContext<DashboardDbContext>(options => options.AddInterceptors(counter));
using var host = builder.Build();
await host.StartAsync();

var factory = host.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>();
await using (var db = await factory.CreateDbContextAsync())
{
    var now = DateTimeOffset.UtcNow;
    foreach (var domain in await db.Domains.ToListAsync())
    {
        domain.VerificationState = DomainVerificationState.Verified;
        db.DomainAdminContacts.Add(new DomainAdminContact { DomainId = domain.Id, Email = $"admins@{domain.Name}" });
    }

    var width = Math.Max(5, InListings.ToString(CultureInfo.InvariantCulture).Length);
    var names = Enumerable.Range(0, InListings).Select(i => "user" + i.ToString("D" + width, CultureInfo.InvariantCulture))
        .Concat(Enumerable.Range(0, Loners).Select(i => $"loner{i:D4}"))
        .Concat(Enumerable.Range(0, Unknown).Select(i => $"gone{i:D4}"));
    db.Contributors.AddRange(names.Select(name => new Contributor
    {
        Subject = "sub-" + name,
        Username = name,
        Email = name + "@example.org",
        CreatedAt = now,
        UpdatedAt = now,
    }));
    await db.SaveChangesAsync();
}

async Task<(ReconciliationStats Stats, TimeSpan Wall, int Requests, int Statements, int Writes, int Emails)> RunAsync()
{
    await using var countDb = await factory.CreateDbContextAsync();
    var emailsBefore = await countDb.Outbox.CountAsync();
    directory.Requests.Reset();
    counter.Reset();
    var watch = Stopwatch.StartNew();
    await using var scope = host.Services.CreateAsyncScope();
    var stats = await scope.ServiceProvider.GetRequiredService<ReconciliationService>().ReconcileAsync("system:benchmark", CancellationToken.None);
    watch.Stop();
    var (requests, statements, writes) = (directory.Requests.Count, counter.Statements, counter.Writes);
    return (stats, watch.Elapsed, requests, statements, writes, await countDb.Outbox.CountAsync() - emailsBefore);
}

var first = await RunAsync();
var listingRequests = directory.Requests.Paths.Count(p => p.Contains("/participants", StringComparison.Ordinal));
var personRequests = first.Requests - listingRequests;
var second = await RunAsync();

Console.WriteLine($"contributors                 {Contributors} ({InListings} in listings, {Loners} in no team, {Unknown} unknown to the directory)");
Console.WriteLine($"directory latency            {latency.TotalMilliseconds} ms per request");
Console.WriteLine();
Console.WriteLine($"first run wall time          {first.Wall.TotalSeconds:F2} s");
Console.WriteLine($"  directory requests         {first.Requests} ({listingRequests} listing pages + {personRequests} person requests)");
Console.WriteLine($"  naive approach requests    {Contributors} (one GET ~name per contributor)");
Console.WriteLine($"  database statements        {first.Statements} ({first.Writes} writes)");
Console.WriteLine($"  emails queued              {first.Emails}");
Console.WriteLine($"  stats                      {first.Stats}");
Console.WriteLine();
Console.WriteLine($"second run wall time         {second.Wall.TotalSeconds:F2} s");
Console.WriteLine($"  directory requests         {second.Requests}");
Console.WriteLine($"  database statements        {second.Statements} ({second.Writes} writes)");
Console.WriteLine($"  emails queued              {second.Emails}");
Console.WriteLine($"  stats                      {second.Stats}");

await host.StopAsync();
SqliteConnection.ClearAllPools();
Directory.Delete(folder, recursive: true);
