using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using ForwardEmail.Dashboard.Core.Admin;
using ForwardEmail.Dashboard.Core.Data;
using ForwardEmail.Dashboard.Core.Live;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ForwardEmail.Dashboard.Benchmarks;

/// <summary>
/// The admin console's alias grid at 100,000 aliases on a SQLite file (50,000 contributors with an alias on two domains):
/// the page query for the first page, a middle page, a search by recipient and a filter by state, each timed many times
/// (median and p95); then the CSV export of all 100,000 rows to a null stream, timed, with the managed heap sampled.
/// </summary>
internal static class AdminGridBenchmark
{
    private const int Contributors = 50_000;
    private const int Runs = 40;
    private const int WarmUps = 3;

    public static async Task RunAsync()
    {
        var folder = Path.Combine(Environment.GetEnvironmentVariable("BENCH_DB_DIR") ?? Path.GetTempPath(), "fed-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var settings = new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(folder, "bench.db")}" };
            var factory = new Factory(settings);
            var seed = Stopwatch.StartNew();
            await SeedAsync(factory);
            Console.WriteLine($"Seeded {Contributors * 2:N0} aliases in {seed.Elapsed.TotalSeconds:F1} s");

            var aliases = new AliasAdministration(factory, new NoDashboardChangeNotifier(), TimeProvider.System);
            await TimeAsync("first page", () => aliases.ListAsync(new AliasQuery(), CancellationToken.None));
            await TimeAsync("middle page (2,000 of 4,000)", () => aliases.ListAsync(new AliasQuery(Page: 2_000), CancellationToken.None));
            await TimeAsync("search by recipient", () => aliases.ListAsync(new AliasQuery(Search: "person04321@mail"), CancellationToken.None));
            // "person1" matches 20,000 aliases: more than one read of matching ids holds, so it is counted in SQL as well.
            await TimeAsync("broad search, first page", () => aliases.ListAsync(new AliasQuery(Search: "person1"), CancellationToken.None));
            await TimeAsync("broad search, page 100", () => aliases.ListAsync(new AliasQuery(Search: "person1", Page: 100), CancellationToken.None));
            await TimeAsync("filter by state (disabled)", () => aliases.ListAsync(new AliasQuery(State: AliasState.Disabled), CancellationToken.None));
            await TimeAsync("filter by state, middle page", () => aliases.ListAsync(new AliasQuery(State: AliasState.Disabled, Page: 250), CancellationToken.None));
            await ExportAsync(aliases);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task TimeAsync(string name, Func<Task<AliasPage>> query)
    {
        var times = new List<double>();
        AliasPage? page = null;
        for (var i = 0; i < WarmUps + Runs; i++)
        {
            var watch = Stopwatch.StartNew();
            page = await query();
            if (i >= WarmUps)
            {
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        times.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-32} median {times[times.Count / 2],7:F1} ms   p95 {times[(int)Math.Ceiling(times.Count * 0.95) - 1],7:F1} ms   ({page!.Rows.Count} of {page.Total:N0} rows)"));
    }

    private static async Task ExportAsync(AliasAdministration aliases)
    {
        GC.Collect();
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        long peak = baseline;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false));
                await Task.Delay(5);
            }
        });

        var watch = Stopwatch.StartNew();
        int rows;
        await using (var writer = new StreamWriter(Stream.Null, new UTF8Encoding(false), 16 * 1024))
        {
            rows = await AliasCsv.WriteAsync(writer, aliases.ExportAsync(new AliasQuery(), CancellationToken.None), CancellationToken.None);
        }

        var elapsed = watch.Elapsed;
        await stop.CancelAsync();
        await sampler;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"CSV export: {rows:N0} rows in {elapsed.TotalMilliseconds:F0} ms; managed heap {baseline / 1048576.0:F1} MB before, peak {peak / 1048576.0:F1} MB during (sampled every 5 ms); {(GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / 1048576.0:F0} MB allocated in all"));
    }

    private static async Task SeedAsync(Factory factory)
    {
        await using var db = factory.CreateDbContext();
        await db.Database.MigrateAsync();
        await DatabaseInitializer.SeedAsync(db, DateTimeOffset.UtcNow, CancellationToken.None);
        var domains = await db.Domains.Where(d => d.Name == "ubuntu.com" || d.Name == "kubuntu.org").Select(d => d.Id).ToListAsync();
        var ticks = new DateTimeOffsetToBinaryConverter();
        var now = ticks.ConvertToProvider(DateTimeOffset.UtcNow);

        await db.Database.OpenConnectionAsync();
        var connection = db.Database.GetDbConnection();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var person = Command(connection, transaction, """
            INSERT INTO Contributors (Subject, Username, Email, IsBanned, CreatedAt, UpdatedAt) VALUES ($subject, $name, $email, 0, $now, $now);
            SELECT last_insert_rowid();
            """, "$subject", "$name", "$email", "$now");
        await using var alias = Command(connection, transaction, """
            INSERT INTO Aliases (DomainId, Name, OwnerId, Recipients, IsEnabled, Origin, DisabledReason, IneligibleSince, IneligibleReason, CreatedAt, UpdatedAt)
            VALUES ($domain, $name, $owner, $recipients, $enabled, 'Provisioned', $reason, $since, $sinceReason, $now, $now)
            """, "$domain", "$name", "$owner", "$recipients", "$enabled", "$reason", "$since", "$sinceReason", "$now");
        person.Parameters["$now"].Value = now;
        alias.Parameters["$now"].Value = now;
        for (var i = 0; i < Contributors; i++)
        {
            var name = $"person{i:D5}";
            person.Parameters["$subject"].Value = "sub-" + name;
            person.Parameters["$name"].Value = name;
            person.Parameters["$email"].Value = $"{name}@mail.example.org";
            var owner = (long)(await person.ExecuteScalarAsync())!;
            foreach (var domain in domains)
            {
                // Every 7th disabled (left the team), every 11th still forwarding in its grace period.
                var disabled = i % 7 == 0;
                var pending = !disabled && i % 11 == 0;
                alias.Parameters["$domain"].Value = domain;
                alias.Parameters["$name"].Value = name;
                alias.Parameters["$owner"].Value = owner;
                alias.Parameters["$recipients"].Value = $"{name}@mail.example.org";
                alias.Parameters["$enabled"].Value = !disabled;
                alias.Parameters["$reason"].Value = disabled ? "left-team" : DBNull.Value;
                alias.Parameters["$since"].Value = pending ? now : DBNull.Value;
                alias.Parameters["$sinceReason"].Value = pending ? "left-team" : DBNull.Value;
                await alias.ExecuteNonQueryAsync();
            }
        }

        await transaction.CommitAsync();
    }

    private static DbCommand Command(DbConnection connection, DbTransaction transaction, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private sealed class Factory(DatabaseOptions settings) : IDbContextFactory<DashboardDbContext>
    {
        public DashboardDbContext CreateDbContext() => new((DbContextOptions<DashboardDbContext>)DatabaseServiceCollectionExtensions
            .UseConfiguredProvider(new DbContextOptionsBuilder<DashboardDbContext>(), settings).Options);
    }
}
