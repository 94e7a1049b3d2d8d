using System.Security.Claims;
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

        // Never trust a role claim that arrived with the cookie; only the ones resolved now count.
        var identity = new ClaimsIdentity(
            principal.Claims.Where(c => c.Type != DashboardClaimTypes.Role),
            principal.Identity.AuthenticationType,
            DashboardClaimTypes.Username,
            DashboardClaimTypes.Role);
        identity.AddClaims(resolved.Order().Select(r => new Claim(DashboardClaimTypes.Role, r.ToString())));

        _source = principal;
        _transformed = new ClaimsPrincipal(identity);
        return _transformed;
    }
}
