using System.Security.Claims;
using ForwardEmail.Dashboard.Core.Domain;
using Microsoft.AspNetCore.Authentication;

namespace ForwardEmail.Dashboard.Web.Features.Auth;

/// <summary>
/// Adds the roles resolved on this request (one small read of the role table), so a grant or revocation in the
/// table takes effect on the next request without signing in again. Scoped: resolved once per request.
/// </summary>
public sealed class DashboardClaimsTransformation(RoleLookup roles) : IClaimsTransformation
{
    private ClaimsPrincipal? _transformed;
    private ClaimsPrincipal? _source;

    public async Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        if (ReferenceEquals(principal, _source) && _transformed is not null)
        {
            return _transformed;
        }

        if (principal.Identity?.IsAuthenticated != true || SignInClaims.FromSession(principal) is not { } person)
        {
            return principal;
        }

        var resolved = await roles.RolesOfAsync(person, CancellationToken.None);
        _source = principal;
        _transformed = WithRoles(principal, resolved);
        return _transformed;
    }

    /// <summary>
    /// The principal with exactly <paramref name="roles"/> as its role claims: a role claim that arrived with the
    /// cookie is never trusted, only the ones resolved now count.
    /// </summary>
    public static ClaimsPrincipal WithRoles(ClaimsPrincipal principal, IEnumerable<DashboardRole> roles)
    {
        var identity = new ClaimsIdentity(
            principal.Claims.Where(c => c.Type != DashboardClaimTypes.Role),
            principal.Identity?.AuthenticationType,
            DashboardClaimTypes.Username,
            DashboardClaimTypes.Role);
        identity.AddClaims(roles.Order().Select(r => new Claim(DashboardClaimTypes.Role, r.ToString())));
        return new ClaimsPrincipal(identity);
    }

    /// <summary>The roles a principal carries now.</summary>
    public static IReadOnlySet<DashboardRole> RolesOf(ClaimsPrincipal principal) =>
        principal.FindAll(DashboardClaimTypes.Role)
            .Select(c => Enum.TryParse<DashboardRole>(c.Value, out var role) ? role : (DashboardRole?)null)
            .OfType<DashboardRole>()
            .ToHashSet();
}
