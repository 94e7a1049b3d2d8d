using System.Security.Claims;

namespace ForwardEmail.Dashboard.Web.Features.Auth;

/// <summary>The claims of the dashboard's own session cookie, independent of how the identity provider names them.</summary>
public static class DashboardClaimTypes
{
    public const string Subject = "sub";
    public const string Username = "username";
    public const string Email = "email";
    public const string DisplayName = "name";
    public const string Locale = "locale";
    public const string ContributorId = "contributor_id";

    /// <summary>A role value as the identity provider sent it; kept so roles can be re-resolved on every request.</summary>
    public const string ProviderRole = "idp_role";

    /// <summary>Unix seconds of the last interactive sign-in; the absolute session lifetime counts from it.</summary>
    public const string SessionStartedAt = "session_started";

    /// <summary>Unix seconds of the last time the identity provider issued <see cref="ProviderRole"/> values.</summary>
    public const string ProviderRolesAt = "idp_roles_at";

    /// <summary>The provider's <c>sid</c> and <c>iss</c>, for front-channel sign-out.</summary>
    public const string ProviderSessionId = "idp_sid";
    public const string Issuer = "idp_iss";

    /// <summary>The resolved dashboard role (<see cref="Core.Domain.DashboardRole"/> name), added per request.</summary>
    public const string Role = ClaimTypes.Role;
}

public static class DashboardActor
{
    /// <summary>How a signed-in person is named in the audit trail: their username, else their subject.</summary>
    public static string NameOf(ClaimsPrincipal user) =>
        user.FindFirst(DashboardClaimTypes.Username)?.Value ?? user.FindFirst(DashboardClaimTypes.Subject)?.Value ?? "unknown";
}

public static class DashboardPolicies
{
    public const string Contributor = "Contributor";

    /// <summary>Support or admin.</summary>
    public const string Support = "Support";

    public const string Admin = "Admin";
}
