using ForwardEmail.Dashboard.Core.Data;
using ForwardEmail.Dashboard.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ForwardEmail.Dashboard.Web.Features.Auth;

/// <summary>Resolves a signed-in person's roles now, from their session claims, the role table and the bootstrap list.</summary>
public sealed class RoleLookup(
    IDbContextFactory<DashboardDbContext> dbFactory,
    IOptions<OidcOptions> oidc,
    IOptions<BootstrapAuthorizationOptions> bootstrap,
    IOptions<DashboardSessionOptions> session,
    TimeProvider time)
{
    /// <summary>No roles at all once the session is past its absolute lifetime; provider roles only while they are fresh.</summary>
    public async Task<IReadOnlySet<DashboardRole>> RolesOfAsync(SignInClaims person, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (person.SessionExpired(now, session.Value.AbsoluteLifetime))
        {
            return new HashSet<DashboardRole>();
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var tableRoles = await db.RoleAssignments.AsNoTracking()
            .Where(r => r.Contributor!.Subject == person.Subject)
            .Select(r => r.Role)
            .ToListAsync(cancellationToken);
        var trusted = person.ProviderRolesFresh(now, session.Value.ProviderRoleMaxAge) ? person : person with { ProviderRoles = [] };
        return RoleResolver.Resolve(trusted, tableRoles, oidc.Value, bootstrap.Value);
    }

    /// <summary>Fresh check for actions taken inside a long-lived circuit, whose principal may predate a revocation.</summary>
    public async Task<bool> IsAdminAsync(System.Security.Claims.ClaimsPrincipal user, CancellationToken cancellationToken) =>
        SignInClaims.FromSession(user) is { } person
        && (await RolesOfAsync(person, cancellationToken)).Contains(DashboardRole.Admin);

    /// <summary>Support or admin, checked afresh like <see cref="IsAdminAsync"/>.</summary>
    public async Task<bool> IsSupportAsync(System.Security.Claims.ClaimsPrincipal user, CancellationToken cancellationToken) =>
        SignInClaims.FromSession(user) is { } person
        && (await RolesOfAsync(person, cancellationToken)) is var roles
        && (roles.Contains(DashboardRole.Support) || roles.Contains(DashboardRole.Admin));

    /// <summary>Runs <paramref name="action"/> as the user (their audit name) if they are an admin now, else answers <paramref name="refused"/>.</summary>
    public async Task<T> AsAdminAsync<T>(System.Security.Claims.ClaimsPrincipal user, T refused, Func<string, Task<T>> action, CancellationToken cancellationToken) =>
        await IsAdminAsync(user, cancellationToken) ? await action(DashboardActor.NameOf(user)) : refused;

    /// <summary>As <see cref="AsAdminAsync"/>, for support or admin.</summary>
    public async Task<T> AsSupportAsync<T>(System.Security.Claims.ClaimsPrincipal user, T refused, Func<string, Task<T>> action, CancellationToken cancellationToken) =>
        await IsSupportAsync(user, cancellationToken) ? await action(DashboardActor.NameOf(user)) : refused;
}
