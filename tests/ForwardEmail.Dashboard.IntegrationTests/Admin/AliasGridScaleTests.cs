using System.Data.Common;
using ForwardEmail.Dashboard.Core.Admin;
using ForwardEmail.Dashboard.Core.Data;
using ForwardEmail.Dashboard.Core.Domain;
using ForwardEmail.Dashboard.Core.Live;
using ForwardEmail.Dashboard.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ForwardEmail.Dashboard.IntegrationTests.Admin;

/// <summary>
/// The alias grid and export over 100,000 aliases in a real SQLite file: a page reads only its own rows from the database,
/// and the export hands rows on as it reads them. Rows read are counted at the ADO.NET reader, below EF.
/// </summary>
public sealed class AliasGridScaleTests : IAsyncLifetime
{
    private const int AliasCount = 100_000;

    private static readonly DateTimeOffsetToBinaryConverter Ticks = new();

    private readonly TempSqliteDatabase _database = new();
    private readonly RowCountingInterceptor _rows = new();

    public async Task InitializeAsync()
    {
        await using var db = await _database.CreateMigratedContextAsync();
        await DatabaseInitializer.SeedAsync(db, DateTimeOffset.UnixEpoch, CancellationToken.None);
        var domainId = await db.Domains.Where(d => d.Name == "ubuntu.com").Select(d => d.Id).SingleAsync();

        // One transaction, one prepared insert: about a second for 100,000 rows.
        await db.Database.OpenConnectionAsync();
        var connection = db.Database.GetDbConnection();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO Aliases (DomainId, Name, Recipients, IsEnabled, Origin, DisabledReason, CreatedAt, UpdatedAt)
            VALUES ($domain, $name, $recipients, $enabled, 'Provisioned', $reason, $updated, $updated)
            """;
        var name = Parameter(insert, "$name");
        var recipients = Parameter(insert, "$recipients");
        var enabled = Parameter(insert, "$enabled");
        var reason = Parameter(insert, "$reason");
        var updated = Parameter(insert, "$updated");
        Parameter(insert, "$domain").Value = domainId;
        for (var i = 0; i < AliasCount; i++)
        {
            name.Value = $"person{i:D6}";
            // Every tenth recipient is a cell a spreadsheet would run as a formula.
            recipients.Value = i % 10 == 0 ? $"=cmd{i}@example.org" : $"person{i:D6}@example.org";
            enabled.Value = i % 7 != 0;
            reason.Value = i % 7 == 0 ? "left-team" : DBNull.Value;
            // Stored as EF's binary DateTimeOffset (UTC ticks), one second apart.
            updated.Value = Ticks.ConvertToProvider(DateTimeOffset.UnixEpoch.AddSeconds(i));
            await insert.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }

    private static DbParameter Parameter(DbCommand command, string name)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        command.Parameters.Add(parameter);
        return parameter;
    }

    private AliasAdministration Service() => new(new CountingFactory(_database, _rows), new NoDashboardChangeNotifier(), TimeProvider.System);

    [Fact]
    public async Task A_middle_page_of_100000_aliases_reads_only_its_own_rows()
    {
        var service = Service();
        _rows.Reset();

        var page = await service.ListAsync(new AliasQuery(Page: 2_000, PageSize: 25), CancellationToken.None);

        Assert.Equal(AliasCount, page.Total);
        Assert.Equal(25, page.Rows.Count);
        Assert.Equal("person050000@ubuntu.com", page.Rows[0].Address);
        // One row for the count, the page's 25 ids, then those 25 rows: nothing else crossed from SQLite into the process.
        Assert.Equal(1 + 25 + 25, _rows.Read);
        Assert.Contains(_rows.Commands, sql => sql.Contains("LIMIT", StringComparison.Ordinal) && sql.Contains("OFFSET", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_filtered_and_searched_page_also_reads_only_its_own_rows()
    {
        var service = Service();
        _rows.Reset();

        var disabled = await service.ListAsync(new AliasQuery(State: AliasState.Disabled, Sort: AliasSort.Updated, Descending: true), CancellationToken.None);
        Assert.Equal((AliasCount + 6) / 7, disabled.Total);
        Assert.All(disabled.Rows, r => Assert.Equal(AliasState.Disabled, r.State));
        Assert.Equal(1 + 25 + 25, _rows.Read);

        _rows.Reset();
        var byRecipient = await service.ListAsync(new AliasQuery(Search: "person09999"), CancellationToken.None);
        Assert.Equal(10, byRecipient.Total);
        // A search scans the table once: its matching ids (counted in memory, no COUNT statement), then those 10 rows.
        Assert.Equal(10 + 10, _rows.Read);
        Assert.DoesNotContain(_rows.Commands, sql => sql.Contains("COUNT(", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_broad_search_is_counted_in_the_database_and_pages_past_the_first_thousand_matches()
    {
        var service = Service();
        _rows.Reset();

        // "person0" matches every alias: the first 1,001 ids show the search is broad, so it is counted in SQL as well.
        var first = await service.ListAsync(new AliasQuery(Search: "person0"), CancellationToken.None);
        Assert.Equal(AliasCount, first.Total);
        Assert.Equal("person000000@ubuntu.com", first.Rows[0].Address);
        Assert.Equal(AliasAdministration.SearchWindow + 1 + 1 + 25, _rows.Read);

        // Page 39 is the last inside the window, 40 the first past it: both continue the same order without a gap.
        var inWindow = await service.ListAsync(new AliasQuery(Search: "person0", Page: 39), CancellationToken.None);
        var pastWindow = await service.ListAsync(new AliasQuery(Search: "person0", Page: 40), CancellationToken.None);
        Assert.Equal(["person000975@ubuntu.com", "person000999@ubuntu.com"], [inWindow.Rows[0].Address, inWindow.Rows[^1].Address]);
        Assert.Equal(["person001000@ubuntu.com", "person001024@ubuntu.com"], [pastWindow.Rows[0].Address, pastWindow.Rows[^1].Address]);
        Assert.Equal(AliasCount, pastWindow.Total);

        // A narrow search asked for a page after its last match: the total is right and the page is empty.
        var beyond = await service.ListAsync(new AliasQuery(Search: "person09999", Page: 3), CancellationToken.None);
        Assert.Equal((10, 0), (beyond.Total, beyond.Rows.Count));
    }

    [Fact]
    public async Task The_export_streams_rows_as_it_reads_them_and_escapes_formulas()
    {
        var service = Service();
        _rows.Reset();

        // After ten rows have been handed on, only about ten have been read: nothing is buffered ahead.
        var first = new List<AliasRow>();
        await foreach (var row in service.ExportAsync(new AliasQuery(), CancellationToken.None))
        {
            first.Add(row);
            if (first.Count == 10)
            {
                break;
            }
        }

        Assert.Equal(10, _rows.Read);

        await using var csv = new StringWriter();
        var written = await service.ExportCsvAsync(csv, new AliasQuery(), "sam-support", CancellationToken.None);
        Assert.Equal(AliasCount, written);
        var lines = csv.ToString().Split("\r\n");
        Assert.Equal(AliasCount + 2, lines.Length);
        Assert.StartsWith("address,domain,owner,recipients,origin,state,", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("person000000@ubuntu.com,ubuntu.com,,'=cmd0@example.org,Provisioned,Disabled,left-team,", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("person000001@ubuntu.com,ubuntu.com,,person000001@example.org,Provisioned,Active,,", lines[2], StringComparison.Ordinal);
        Assert.Equal("", lines[^1]);

        // Who exported what is in the audit trail.
        await using var db = _database.CreateContext();
        var audit = await db.AuditEntries.SingleAsync(a => a.Action == "alias.exported");
        Assert.Equal("sam-support", audit.Actor);
        Assert.Contains("\"rows\":100000", audit.After, StringComparison.Ordinal);
    }

    public Task DisposeAsync()
    {
        _database.Dispose();
        return Task.CompletedTask;
    }

    private sealed class CountingFactory(TempSqliteDatabase database, RowCountingInterceptor rows) : IDbContextFactory<DashboardDbContext>
    {
        public DashboardDbContext CreateDbContext()
        {
            var builder = DatabaseServiceCollectionExtensions.UseConfiguredProvider(new DbContextOptionsBuilder<DashboardDbContext>(), database.Options)
                .AddInterceptors(rows);
            return new DashboardDbContext((DbContextOptions<DashboardDbContext>)builder.Options);
        }
    }

    /// <summary>Wraps every data reader EF opens and counts the rows it actually reads.</summary>
    private sealed class RowCountingInterceptor : DbCommandInterceptor
    {
        private int _read;

        public int Read => _read;
        public List<string> Commands { get; } = [];

        public void Reset()
        {
            _read = 0;
            Commands.Clear();
        }

        public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
        {
            lock (Commands)
            {
                Commands.Add(command.CommandText);
            }

            return ValueTask.FromResult<DbDataReader>(new CountingReader(result, () => Interlocked.Increment(ref _read)));
        }

        public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
        {
            lock (Commands)
            {
                Commands.Add(command.CommandText);
            }

            return new CountingReader(result, () => Interlocked.Increment(ref _read));
        }
    }
}
