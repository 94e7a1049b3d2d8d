using ForwardEmail.Dashboard.Core.Live;

namespace ForwardEmail.Dashboard.Web.Features.Live;

public static class LiveUpdatesServiceCollectionExtensions
{
    /// <summary>
    /// Live updates within this instance: Core services publish to <see cref="IDashboardChangeNotifier"/>, open pages subscribe
    /// to <see cref="DashboardChanges"/>. Registered before the Core services so their no-op default is not used.
    /// </summary>
    public static IHostApplicationBuilder AddLiveUpdates(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DashboardChanges>();
        builder.Services.AddSingleton<IDashboardChangeNotifier>(services => services.GetRequiredService<DashboardChanges>());
        return builder;
    }
}
