using ForwardEmail.Dashboard.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ForwardEmail.Dashboard.Migrations.SqlServer;

/// <summary>Lets <c>dotnet ef</c> build the SqlServer model without starting the web host; no connection is opened to add a migration.</summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<DashboardDbContext>
{
    public DashboardDbContext CreateDbContext(string[] args)
    {
        var settings = new DatabaseOptions { Provider = DatabaseProvider.SqlServer, ConnectionString = "Server=localhost;Database=ForwardEmailDashboard;Trusted_Connection=True;TrustServerCertificate=True" };
        var options = DatabaseServiceCollectionExtensions.UseConfiguredProvider(new DbContextOptionsBuilder<DashboardDbContext>(), settings);
        return new DashboardDbContext((DbContextOptions<DashboardDbContext>)options.Options);
    }
}
