using System.ComponentModel.DataAnnotations;

namespace ForwardEmail.Dashboard.Web.Features.Auth;

/// <summary>The organisation's OpenID Connect provider and how its claims map onto contributors and roles.</summary>
public sealed class OidcOptions
{
    public const string SectionName = "Authentication:Oidc";

    /// <summary>The provider's issuer URL; its discovery document is read from here. Required (demo mode defaults it to the demo provider).</summary>
    [Required(AllowEmptyStrings = false)]
    [Url]
    public string? Authority { get; set; }

    [Required(AllowEmptyStrings = false)]
    public string? ClientId { get; set; }

    /// <summary>Empty for a public client (PKCE only).</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Space-separated scopes to request. Default <c>openid profile email</c>.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Scopes { get; set; } = "openid profile email";

    /// <summary>Default true; only a local demo provider may be fetched over plain HTTP.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>The claim carrying the directory (Launchpad) username, e.g. <c>preferred_username</c> or <c>nickname</c>.</summary>
    [Required(AllowEmptyStrings = false)]
    public string UsernameClaim { get; set; } = "preferred_username";

    [Required(AllowEmptyStrings = false)]
    public string EmailClaim { get; set; } = "email";

    [Required(AllowEmptyStrings = false)]
    public string DisplayNameClaim { get; set; } = "name";

    [Required(AllowEmptyStrings = false)]
    public string LocaleClaim { get; set; } = "locale";

    /// <summary>The claim whose values are compared with <see cref="AdminRoleValues"/> and <see cref="SupportRoleValues"/>.</summary>
    [Required(AllowEmptyStrings = false)]
    public string RoleClaim { get; set; } = "roles";

    /// <summary>Role claim values that make someone an admin (case-insensitive). Default none.</summary>
    public List<string> AdminRoleValues { get; set; } = [];

    /// <summary>Role claim values that make someone support (case-insensitive). Default none.</summary>
    public List<string> SupportRoleValues { get; set; } = [];
}

/// <summary>Who is admin regardless of claims and the role table, so a fresh installation has a first admin.</summary>
public sealed class BootstrapAuthorizationOptions
{
    public const string SectionName = "Authorization";

    /// <summary>Launchpad usernames (ASCII case-insensitive) or identity-provider subjects (exact). Default none.</summary>
    public List<string> BootstrapAdmins { get; set; } = [];

    /// <summary>
    /// How often an open page re-reads the signed-in person's roles, so a grant or revocation reaches a page that is
    /// already open (each request and each admin action checks afresh anyway). Default one minute.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:05", "1.00:00:00")]
    public TimeSpan RoleRefreshInterval { get; set; } = TimeSpan.FromMinutes(1);
}
