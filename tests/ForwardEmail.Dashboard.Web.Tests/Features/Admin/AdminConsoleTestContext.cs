using System.Globalization;
using System.Security.Claims;
using ForwardEmail.Dashboard.Core.Admin;
using ForwardEmail.Dashboard.Core.Domain;
using ForwardEmail.Dashboard.Web.Features.Admin;
using ForwardEmail.Dashboard.Web.Features.Auth;
using ForwardEmail.Dashboard.Web.Tests.Features.MyAddresses;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ForwardEmail.Dashboard.Web.Tests.Features.Admin;

/// <summary>The admin console's real services (bootstrap admin <c>ada-admin</c>) on top of <see cref="MyAddressesTestContext"/>.</summary>
public abstract class AdminConsoleTestContext(string culture = "en") : MyAddressesTestContext(culture, AddAdminConsole)
{
    private static void AddAdminConsole(IServiceCollection services)
    {
        services.AddSingleton(Options.Create(new OidcOptions()));
        services.AddSingleton(Options.Create(new BootstrapAuthorizationOptions { BootstrapAdmins = ["ada-admin"] }));
        services.AddSingleton(Options.Create(new DashboardSessionOptions()));
        services.AddSingleton<RoleLookup>();
        services.AddScoped<AliasAdministration>();
        services.AddScoped<ContributorAdministration>();
        services.AddScoped<AuditTrail>();
        services.AddScoped<AdminConsole>();
    }

    /// <summary>Signs in <paramref name="username"/> with the role; support is granted in the role table, admin by the bootstrap list.</summary>
    protected async Task<Contributor> SignInAsAsync(string username, DashboardRole role)
    {
        var me = await SignInAsync(username, $"{username}@example.org");
        if (role == DashboardRole.Support)
        {
            await using var db = CreateDb();
            db.RoleAssignments.Add(new RoleAssignment { ContributorId = me.Id, Role = DashboardRole.Support, GrantedBy = "test", GrantedAt = Now });
            await db.SaveChangesAsync();
        }

        string[] policies = role == DashboardRole.Admin ? [DashboardPolicies.Support, DashboardPolicies.Admin] : [DashboardPolicies.Support];
        Authorization.SetAuthorized(username).SetRoles(role.ToString()).SetPolicies(policies).SetClaims(
            new Claim(DashboardClaimTypes.Username, username),
            new Claim(DashboardClaimTypes.Subject, me.Subject),
            new Claim(DashboardClaimTypes.SessionStartedAt, DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));
        return me;
    }
}
