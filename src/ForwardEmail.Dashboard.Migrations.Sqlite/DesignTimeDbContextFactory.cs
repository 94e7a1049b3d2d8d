using ForwardEmail.Dashboard.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ForwardEmail.Dashboard.Migrations.Sqlite;

/// <summary>Lets <c>dotnet ef</c> build the Sqlite model without starting the web host; no connection is opened to add a migration.</summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<DashboardDbContext>
{
    public DashboardDbContext CreateDbContext(string[] args)
    {
        var settings = new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = "Data Source=design-time.db" };
        var options = DatabaseServiceCollectionExtensions.UseConfiguredProvider(new DbContextOptionsBuilder<DashboardDbContext>(), settings);
        return new DashboardDbContext((DbContextOptions<DashboardDbContext>)options.Options);
    }
}
