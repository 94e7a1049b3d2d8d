using ForwardEmail.Dashboard.Core.Configuration;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ForwardEmail.Dashboard.Core.Data;

public static class DatabaseServiceCollectionExtensions
{
    public const string SqliteMigrationsAssembly = "ForwardEmail.Dashboard.Migrations.Sqlite";
    public const string SqlServerMigrationsAssembly = "ForwardEmail.Dashboard.Migrations.SqlServer";

    /// <summary>Registers <see cref="DashboardDbContext"/> on the configured provider, its health check and the start-up migrator.</summary>
    private static readonly SqliteConnectionSettings SqliteSettings = new();

    public static IHostApplicationBuilder AddDashboardDatabase(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<DatabaseOptions>(DatabaseOptions.SectionName);

        // Pooled: provisioning opens a context per contributor (one transaction each), thousands per reconciliation.
        builder.Services.AddPooledDbContextFactory<DashboardDbContext>((services, options) =>
            UseConfiguredProvider(options, services.GetRequiredService<IOptions<DatabaseOptions>>().Value));
        builder.Services.AddScoped(services => services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContext());

        builder.Services.AddHealthChecks().AddDbContextCheck<DashboardDbContext>("database", tags: ["ready"]);
        builder.Services.AddHostedService<DatabaseInitializer>();
        return builder;
    }

    public static DbContextOptionsBuilder UseConfiguredProvider(DbContextOptionsBuilder options, DatabaseOptions settings) =>
        settings.Provider switch
        {
            DatabaseProvider.Sqlite => options.UseSqlite(settings.ConnectionString, sqlite => sqlite.MigrationsAssembly(SqliteMigrationsAssembly))
                .AddInterceptors(SqliteSettings),
            DatabaseProvider.SqlServer => options.UseSqlServer(settings.ConnectionString, sql =>
            {
                sql.MigrationsAssembly(SqlServerMigrationsAssembly);
                sql.EnableRetryOnFailure();
            }),
            _ => throw new InvalidOperationException($"Database:Provider '{settings.Provider}' is not supported."),
        };
}
