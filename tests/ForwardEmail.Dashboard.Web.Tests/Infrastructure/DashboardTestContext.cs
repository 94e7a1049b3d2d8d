using System.Globalization;
using Bunit;
using Bunit.TestDoubles;
using ForwardEmail.Dashboard.Core.Data;
using ForwardEmail.Dashboard.Demo;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace ForwardEmail.Dashboard.Web.Tests.Infrastructure;

/// <summary>
/// A fresh bUnit context per test with MudBlazor services, real localization and a real (in-memory SQLite) database,
/// rendered in the given UI culture.
/// </summary>
public abstract class DashboardTestContext : BunitContext, IAsyncLifetime
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");
    private readonly CultureInfo _previousCulture = CultureInfo.CurrentCulture;
    private readonly CultureInfo _previousUiCulture = CultureInfo.CurrentUICulture;

    protected DashboardTestContext(string culture = "en")
        : this(culture, configure: null)
    {
    }

    /// <param name="culture">The UI culture the components render in.</param>
    /// <param name="configure">Services a subclass adds before the database is created and migrated.</param>
    protected DashboardTestContext(string culture, Action<IServiceCollection>? configure)
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);
        _connection.Open();

        JSInterop.Mode = JSRuntimeMode.Loose;
        Authorization = AddAuthorization();
        Services.AddMudServices(options => options.PopoverOptions.CheckForPopoverProvider = false);
        Services.AddLocalization();
        Services.AddOptions<DemoOptions>();
        Services.AddDbContextFactory<DashboardDbContext>(options =>
            options.UseSqlite(_connection, sqlite => sqlite.MigrationsAssembly(DatabaseServiceCollectionExtensions.SqliteMigrationsAssembly)));
        configure?.Invoke(Services);

        using var db = Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContext();
        db.Database.Migrate();
    }

    /// <summary>Who is signed in: anonymous until a test says otherwise.</summary>
    protected BunitAuthorizationContext Authorization { get; }

    protected DashboardDbContext CreateDb() => Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContext();

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>MudBlazor registers services that only dispose asynchronously, so the context is disposed here, not in Dispose.</summary>
    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        CultureInfo.CurrentCulture = _previousCulture;
        CultureInfo.CurrentUICulture = _previousUiCulture;
        await _connection.DisposeAsync();
    }
}
