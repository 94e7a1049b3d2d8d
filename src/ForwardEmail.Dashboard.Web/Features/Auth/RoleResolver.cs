using ForwardEmail.Dashboard.Core.Domain;

namespace ForwardEmail.Dashboard.Web.Features.Auth;

/// <summary>
/// Everyone signed in is a contributor; support and admin are the union of the provider's role claim values,
/// the admin-managed role table and the configured bootstrap admins.
/// </summary>
public static class RoleResolver
{
    public static IReadOnlySet<DashboardRole> Resolve(
        SignInClaims person,
        IEnumerable<DashboardRole> tableRoles,
        OidcOptions oidc,
        BootstrapAuthorizationOptions bootstrap)
    {
        var roles = new HashSet<DashboardRole> { DashboardRole.Contributor };
        roles.UnionWith(tableRoles);

        if (person.ProviderRoles.Any(r => oidc.SupportRoleValues.Contains(r, StringComparer.OrdinalIgnoreCase)))
        {
            roles.Add(DashboardRole.Support);
        }

        if (person.ProviderRoles.Any(r => oidc.AdminRoleValues.Contains(r, StringComparer.OrdinalIgnoreCase)))
        {
            roles.Add(DashboardRole.Admin);
        }

        if (bootstrap.BootstrapAdmins.Any(b =>
                string.Equals(b.Trim(), person.Subject, StringComparison.OrdinalIgnoreCase)
                || (person.Username is not null && string.Equals(b.Trim(), person.Username, StringComparison.OrdinalIgnoreCase))))
        {
            roles.Add(DashboardRole.Admin);
        }

        return roles;
    }
}
