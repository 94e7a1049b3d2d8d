using ForwardEmail.Dashboard.Core.Live;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace ForwardEmail.Dashboard.Core.Admin;

public static class AdminServiceCollectionExtensions
{
    /// <summary>
    /// The admin console's Core services (<see cref="AliasAdministration"/>, <see cref="ContributorAdministration"/>,
    /// <see cref="AuditTrail"/>).
    /// Needs <c>AddDashboardDatabase()</c> and <c>AddProvisioning()</c> (bans and "Provision now" run the shared provisioning service).
    /// </summary>
    public static IHostApplicationBuilder AddAdministration(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<IDashboardChangeNotifier, NoDashboardChangeNotifier>();
        builder.Services.AddScoped<AliasAdministration>();
        builder.Services.AddScoped<ContributorAdministration>();
        builder.Services.AddScoped<AuditTrail>();
        return builder;
    }
}
