using ForwardEmail.Dashboard.Core.Configuration;
using ForwardEmail.Dashboard.Core.Data;
using ForwardEmail.Dashboard.Core.Domain;
using ForwardEmail.Dashboard.Demo;
using ForwardEmail.Dashboard.Demo.Identity;
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

        services.AddDataProtection()
            .SetApplicationName(DataProtectionApplicationName)
            .PersistKeysToDbContext<DashboardDbContext>();

        services.AddSingleton<ContributorSignInService>();
        services.AddSingleton<RoleLookup>();
        services.AddScoped<IClaimsTransformation, DashboardClaimsTransformation>();
        services.AddSingleton<Admin.RoleAdministrationService>();

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                options.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
            })
            .AddCookie(options =>
            {
                options.Cookie.Name = CookieName;
                options.Cookie.HttpOnly = true;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.ExpireTimeSpan = TimeSpan.FromHours(8);
                options.SlidingExpiration = true;
                options.AccessDeniedPath = AccountEndpoints.AccessDeniedPath;
            })
            .AddOpenIdConnect();

        services.AddOptions<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme)
            .Configure<IOptions<OidcOptions>>((options, settings) => ConfigureOpenIdConnect(options, settings.Value));

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

    private static void ConfigureOpenIdConnect(OpenIdConnectOptions options, OidcOptions settings)
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

        // Keeps the id_token for the id_token_hint of the provider's end-session request.
        options.SaveTokens = true;
        options.SignedOutRedirectUri = "/";
        options.TokenValidationParameters.NameClaimType = settings.DisplayNameClaim;
        options.TokenValidationParameters.RoleClaimType = settings.RoleClaim;

        options.Events.OnRedirectToIdentityProvider = context =>
        {
            context.Properties.RedirectUri = AccountEndpoints.LocalOrHome(context.Properties.RedirectUri);
            return Task.CompletedTask;
        };
        options.Events.OnTokenValidated = async context =>
        {
            if (context.Principal is null || SignInClaims.FromProvider(context.Principal, settings) is not { } claims)
            {
                context.Fail("The identity provider sent no subject ('sub') claim.");
                return;
            }

            var signIn = context.HttpContext.RequestServices.GetRequiredService<ContributorSignInService>();
            var contributor = await signIn.SignInAsync(claims, context.HttpContext.RequestAborted);
            Localization.DashboardCultures.ApplySignInLocale(context.HttpContext, claims.Locale);
            context.Principal = new(claims.ToSessionIdentity(contributor.Id, context.Principal.Identity?.AuthenticationType ?? "oidc"));
        };
        options.Events.OnRemoteFailure = context =>
        {
            context.HandleResponse();
            context.Response.Redirect(AccountEndpoints.SignInFailedPath);
            return Task.CompletedTask;
        };
    }
}
