using ForwardEmail.Dashboard.Core.Configuration;
using ForwardEmail.Dashboard.Core.Data;
using ForwardEmail.Dashboard.Core.Domain;
using ForwardEmail.Dashboard.Demo;
using ForwardEmail.Dashboard.Demo.Identity;
using ForwardEmail.Dashboard.Web.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.Options;

namespace ForwardEmail.Dashboard.Web.Features.Auth;

public static class AuthServiceCollectionExtensions
{
    public const string DataProtectionApplicationName = "ForwardEmail.Dashboard";
    public const string CookieName = ".ForwardEmail.Dashboard.Session";

    /// <summary>OpenID Connect sign-in (code + PKCE), the session cookie, per-request roles and the authorization policies.</summary>
    public static IHostApplicationBuilder AddDashboardAuthentication(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;

        // Demo mode points the dashboard at the in-app demo provider unless configuration says otherwise;
        // registered before the binding so configured values win.
        if (DemoServiceCollectionExtensions.IsDemoEnabled(builder.Configuration))
        {
            var demo = builder.Configuration.GetSection(DemoOptions.SectionName).Get<DemoOptions>() ?? new DemoOptions();
            services.Configure<OidcOptions>(o =>
            {
                o.Authority = demo.IdentityIssuer;
                o.ClientId = DemoIdentityDefaults.ClientId;
                o.RequireHttpsMetadata = false;
                o.AdminRoleValues.Add(DemoIdentityDefaults.AdminRole);
                o.SupportRoleValues.Add(DemoIdentityDefaults.SupportRole);
            });
        }

        services.AddValidatedOptions<OidcOptions>(OidcOptions.SectionName);
        services.AddValidatedOptions<BootstrapAuthorizationOptions>(BootstrapAuthorizationOptions.SectionName);
        services.AddValidatedOptions<DashboardSessionOptions>(DashboardSessionOptions.SectionName);

        builder.AddProtectedDataProtectionKeys(DataProtectionApplicationName);

        services.AddSingleton<ContributorSignInService>();
        services.AddSingleton<RoleLookup>();
        services.AddScoped<IClaimsTransformation, DashboardClaimsTransformation>();
        services.AddSingleton<Admin.RoleAdministrationService>();

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                options.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
            })
            .AddCookie()
            .AddOpenIdConnect();

        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<IOptions<DashboardSessionOptions>>((options, session) => ConfigureSessionCookie(options, session.Value));
        services.AddOptions<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme)
            .Configure<IOptions<OidcOptions>, IOptions<DashboardSessionOptions>>((options, settings, session) =>
                ConfigureOpenIdConnect(options, settings.Value, session.Value));

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(DashboardPolicies.Contributor, p => p.RequireAuthenticatedUser().RequireRole(nameof(DashboardRole.Contributor)))
            .AddPolicy(DashboardPolicies.Support, p => p.RequireAuthenticatedUser().RequireRole(nameof(DashboardRole.Support), nameof(DashboardRole.Admin)))
            .AddPolicy(DashboardPolicies.Admin, p => p.RequireAuthenticatedUser().RequireRole(nameof(DashboardRole.Admin)));
        services.AddCascadingAuthenticationState();

        // Replaces the framework's per-circuit provider (registered with TryAdd by AddInteractiveServerComponents).
        services.AddScoped<AuthenticationStateProvider, RoleRefreshingAuthenticationStateProvider>();
        return builder;
    }

    public static WebApplication MapDashboardAuthentication(this WebApplication app)
    {
        app.MapAccountEndpoints();
        return app;
    }

    /// <summary>
    /// The Blazor circuit hub stays reachable without signing in so public pages are interactive; every page the
    /// circuit renders is still checked against its own policy by the router.
    /// </summary>
    public static RazorComponentsEndpointConventionBuilder AllowAnonymousCircuitHub(this RazorComponentsEndpointConventionBuilder components)
    {
        components.Add(endpoint =>
        {
            if (endpoint is RouteEndpointBuilder { RoutePattern: var pattern } && IsCircuitHub(pattern))
            {
                endpoint.Metadata.Add(new AllowAnonymousAttribute());
            }
        });
        return components;
    }

    private static bool IsCircuitHub(RoutePattern pattern) =>
        pattern.RawText?.TrimStart('/').StartsWith("_blazor", StringComparison.Ordinal) == true;

    private static void ConfigureSessionCookie(CookieAuthenticationOptions options, DashboardSessionOptions session)
    {
        options.Cookie.Name = CookieName;
        options.Cookie.HttpOnly = true;
        options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.Cookie.SameSite = SameSiteMode.Lax;
        options.ExpireTimeSpan = session.IdleTimeout;
        options.SlidingExpiration = true;
        options.AccessDeniedPath = AccountEndpoints.AccessDeniedPath;

        // Sliding renewal would keep a busy session alive for ever: past the absolute lifetime it ends here,
        // whatever the cookie's own expiry says.
        options.Events.OnValidatePrincipal = async context =>
        {
            var time = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>();
            if (context.Principal is null
                || SignInClaims.FromSession(context.Principal) is not { } person
                || person.SessionExpired(time.GetUtcNow(), session.AbsoluteLifetime))
            {
                context.RejectPrincipal();
                await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            }
        };
    }

    private static void ConfigureOpenIdConnect(OpenIdConnectOptions options, OidcOptions settings, DashboardSessionOptions session)
    {
        options.Authority = settings.Authority;
        options.ClientId = settings.ClientId;
        options.ClientSecret = string.IsNullOrWhiteSpace(settings.ClientSecret) ? null : settings.ClientSecret;
        options.RequireHttpsMetadata = settings.RequireHttpsMetadata;
        options.ResponseType = "code";
        options.UsePkce = true;

        // The code comes back on a top-level GET, so the correlation and nonce cookies can be SameSite=Lax
        // (a form_post callback would need SameSite=None, which also demands HTTPS).
        options.ResponseMode = "query";
        options.CorrelationCookie.SameSite = SameSiteMode.Lax;
        options.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.NonceCookie.SameSite = SameSiteMode.Lax;
        options.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;

        options.Scope.Clear();
        foreach (var scope in settings.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            options.Scope.Add(scope);
        }

        options.MapInboundClaims = false;
        options.GetClaimsFromUserInfoEndpoint = false;

        // No tokens in the cookie: the dashboard calls no API with them, and an id_token carrying a huge claim would
        // push the cookie past what servers accept. Sign-out identifies the client by client_id instead of id_token_hint.
        options.SaveTokens = false;
        options.SignedOutRedirectUri = "/";
        options.TokenValidationParameters.NameClaimType = settings.DisplayNameClaim;
        options.TokenValidationParameters.RoleClaimType = settings.RoleClaim;

        options.Events.OnRedirectToIdentityProvider = context =>
        {
            context.Properties.RedirectUri = LocalUrl.OrHome(context.Properties.RedirectUri);
            if (SilentSignIn.IsSilent(context.Properties))
            {
                context.ProtocolMessage.Prompt = "none";
            }

            return Task.CompletedTask;
        };
        options.Events.OnRedirectToIdentityProviderForSignOut = context =>
        {
            context.ProtocolMessage.ClientId = settings.ClientId;
            return Task.CompletedTask;
        };
        options.Events.OnTokenValidated = async context =>
        {
            SignInRefusal? refusal = null;
            if (context.Principal is null || SignInClaims.FromProvider(context.Principal, settings, out refusal) is not { } claims)
            {
                context.Fail(new SignInRefusedException(refusal ?? SignInRefusal.MissingSubject));
                return;
            }

            var now = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
            claims = claims with
            {
                SessionStartedAt = SilentSignIn.SessionStartedAt(context.Properties, claims.Subject) ?? now,
                ProviderRolesAt = now,
            };

            var signIn = context.HttpContext.RequestServices.GetRequiredService<ContributorSignInService>();
            var contributor = await signIn.SignInAsync(claims, context.HttpContext.RequestAborted);
            Localization.DashboardCultures.ApplySignInLocale(context.HttpContext, claims.Locale);
            context.Principal = new(claims.ToSessionIdentity(contributor.Id, context.Principal.Identity?.AuthenticationType ?? "oidc"));
        };
        options.Events.OnRemoteFailure = async context =>
        {
            context.HandleResponse();
            if (SilentSignIn.IsSilent(context.Properties))
            {
                // The provider wants the person to sign in again (prompt=none refused): end the old session so stale
                // roles cannot linger, and start an interactive sign-in back to the same page.
                await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                context.Response.Redirect(AccountEndpoints.SignInUrl(context.Properties?.RedirectUri));
                return;
            }

            context.Response.Redirect(AccountEndpoints.SignInFailedUrl(context.Failure is SignInRefusedException refused ? refused.Refusal : null));
        };
        options.Events.OnRemoteSignOut = context => FrontChannelSignOut.CheckAsync(context, session);
    }
}
