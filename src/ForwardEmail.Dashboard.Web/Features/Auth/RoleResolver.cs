using ForwardEmail.Dashboard.Core.Directory;
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

        // Subjects are compared exactly (OpenID Connect subjects are case-sensitive); usernames by the one Launchpad
        // folding, so a configured "Ada-Admin" matches "ada-admin" and no look-alike matches either.
        if (bootstrap.BootstrapAdmins.Any(b =>
                string.Equals(b.Trim(), person.Subject, StringComparison.Ordinal)
                || (person.Username is not null && string.Equals(LaunchpadName.FoldTeamOrPerson(b), person.Username, StringComparison.Ordinal))))
        {
            roles.Add(DashboardRole.Admin);
        }

        return roles;
    }
}
