namespace ForwardEmail.Dashboard.Demo.Identity;

/// <summary>The fixed facts of the demo identity provider that the dashboard's sign-in defaults to in demo mode.</summary>
public static class DemoIdentityDefaults
{
    /// <summary>The dashboard's registration at the demo provider: a public client, so PKCE and no secret.</summary>
    public const string ClientId = "forwardemail-dashboard-demo";

    public const string AdminRole = "admin";
    public const string SupportRole = "support";

    /// <summary>The role claim the demo provider issues (the dashboard's default <c>RoleClaim</c>).</summary>
    public const string RolesClaim = "roles";

    public const string SignInPagePath = "/demo/identity/signin";
    public const string AuthorizationEndpointPath = "/demo/identity/connect/authorize";
    public const string TokenEndpointPath = "/demo/identity/connect/token";
    public const string EndSessionEndpointPath = "/demo/identity/connect/endsession";

    /// <summary>The extra authorization request parameter carrying the persona picked on the sign-in page.</summary>
    public const string PersonaParameter = "demo_persona";

    public const string DatabaseFileName = "demo-identity.db";

    /// <summary>Where the dashboard's OpenID Connect handler listens (its defaults).</summary>
    public const string ClientCallbackPath = "signin-oidc";
    public const string ClientSignedOutCallbackPath = "signout-callback-oidc";
}
