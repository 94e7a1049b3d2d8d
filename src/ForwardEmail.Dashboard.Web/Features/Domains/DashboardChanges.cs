using ForwardEmail.Dashboard.Core.Live;

namespace ForwardEmail.Dashboard.Web.Features.Domains;

/// <summary>
/// This instance's side of <see cref="IDashboardChangeNotifier"/>: every circuit (browser tab) of the process
/// subscribes and re-reads what it shows. Handlers run on the raising thread and must hand off to their circuit.
/// </summary>
public sealed class DashboardChanges : IDashboardChangeNotifier
{
    public event Action<int>? DomainChangedEvent;

    public void DomainChanged(int domainId) => DomainChangedEvent?.Invoke(domainId);
}

public static class DomainsConsoleServiceCollectionExtensions
{
    /// <summary>The admin console's domain pages, their DNS checks and live updates.</summary>
    public static IHostApplicationBuilder AddDomainsConsole(this IHostApplicationBuilder builder)
    {
        Core.Domains.DomainsServiceCollectionExtensions.AddDomainChecks(builder);
        builder.Services.AddSingleton<DashboardChanges>();
        builder.Services.AddSingleton<IDashboardChangeNotifier>(services => services.GetRequiredService<DashboardChanges>());
        builder.Services.AddScoped<DomainAdministrationService>();
        return builder;
    }
}
