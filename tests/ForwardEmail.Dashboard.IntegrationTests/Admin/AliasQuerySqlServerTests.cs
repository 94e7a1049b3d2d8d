using ForwardEmail.Dashboard.Core.Admin;
using ForwardEmail.Dashboard.Core.Data;
using ForwardEmail.Dashboard.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace ForwardEmail.Dashboard.IntegrationTests.Admin;

/// <summary>
/// Production runs on SQL Server: the grid's query must translate there too (the recipients column sits behind a value
/// converter). Translating needs no server, so this runs everywhere.
/// </summary>
public sealed class AliasQuerySqlServerTests
{
    [Theory]
    [InlineData(AliasSort.Address, false)]
    [InlineData(AliasSort.Owner, true)]
    [InlineData(AliasSort.Updated, true)]
    public void Every_filter_and_sort_translates_to_SQL_Server_with_paging_in_the_query(AliasSort sort, bool descending)
    {
        var settings = new DatabaseOptions { Provider = DatabaseProvider.SqlServer, ConnectionString = "Server=nowhere;Database=none;Integrated Security=true" };
        using var db = new DashboardDbContext((DbContextOptions<DashboardDbContext>)DatabaseServiceCollectionExtensions
            .UseConfiguredProvider(new DbContextOptionsBuilder<DashboardDbContext>(), settings).Options);
        var query = new AliasQuery(Search: "50%_off@", DomainId: 1, State: AliasState.PendingRemoval, Origin: AliasOrigin.Manual, Sort: sort, Descending: descending);

        var sql = AliasAdministration.Sort(AliasAdministration.Filter(db, query), query).Select(a => a.Id).Skip(50).Take(25).ToQueryString();

        Assert.Contains("OFFSET", sql, StringComparison.Ordinal);
        Assert.Contains("FETCH NEXT", sql, StringComparison.Ordinal);
        Assert.Contains("[a].[Recipients]", sql, StringComparison.Ordinal);
        Assert.Contains("[a].[IneligibleSince] IS NOT NULL", sql, StringComparison.Ordinal);
        Assert.Contains("ORDER BY", sql, StringComparison.Ordinal);
        // The search's % and _ are matched literally.
        Assert.Contains(@"N'%50\%\_off@%'", sql, StringComparison.Ordinal);
        Assert.Contains(@"ESCAPE N'\'", sql, StringComparison.Ordinal);
    }
}
