using ForwardEmail.Dashboard.Core.Admin;

namespace ForwardEmail.Dashboard.Web.Features.Admin;

public static class AdminConsoleServiceCollectionExtensions
{
    /// <summary>The admin console's alias pages and the CSV export. Needs AddDashboardDatabase and AddDashboardAuthentication.</summary>
    public static IHostApplicationBuilder AddAdminConsole(this IHostApplicationBuilder builder)
    {
        builder.AddAdministration();
        builder.Services.AddScoped<AdminConsole>();
        return builder;
    }
}
