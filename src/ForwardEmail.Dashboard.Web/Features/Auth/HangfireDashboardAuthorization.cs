using ForwardEmail.Dashboard.Core.Domain;
using Hangfire;
using Hangfire.Dashboard;

namespace ForwardEmail.Dashboard.Web.Features.Auth;

/// <summary>The Hangfire dashboard: admins steer jobs, support watches them read-only, everyone else is refused.</summary>
public static class HangfireDashboardAuthorization
{
    public static IEndpointConventionBuilder MapAuthorizedHangfireDashboard(this IEndpointRouteBuilder endpoints, string path = "/hangfire") =>
        endpoints.MapHangfireDashboard(path, new DashboardOptions
        {
            // Checked twice on purpose: the endpoint policy challenges or forbids, the filter guards Hangfire's own routes.
            Authorization = [new SupportOrAdminFilter()],
            IsReadOnlyFunc = context => !context.GetHttpContext().User.IsInRole(nameof(DashboardRole.Admin)),
            DisplayStorageConnectionString = false,
            AppPath = "/",
        }).RequireAuthorization(DashboardPolicies.Support);

    private sealed class SupportOrAdminFilter : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context)
        {
            var user = context.GetHttpContext().User;
            return user.IsInRole(nameof(DashboardRole.Admin)) || user.IsInRole(nameof(DashboardRole.Support));
        }
    }
}
