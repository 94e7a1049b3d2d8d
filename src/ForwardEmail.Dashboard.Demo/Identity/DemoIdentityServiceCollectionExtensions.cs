using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Localization;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ForwardEmail.Dashboard.Demo.Identity;

/// <summary>
/// A real OpenID Connect provider (OpenIddict) inside the app, for demo mode only: authorization code + PKCE,
/// one registered client (the dashboard), and a page to sign in as any persona of Data/personas.json.
/// </summary>
public static class DemoIdentityServiceCollectionExtensions
{
    public static IHostApplicationBuilder AddDemoIdentity(this IHostApplicationBuilder builder)
    {
        var demo = builder.Configuration.GetSection(DemoOptions.SectionName).Get<DemoOptions>() ?? new DemoOptions();
        var folder = Path.GetFullPath(demo.DataFolder, builder.Environment.ContentRootPath);
        System.IO.Directory.CreateDirectory(folder);
        var databaseFile = Path.Combine(folder, DemoIdentityDefaults.DatabaseFileName);

        builder.Services.AddDbContext<DemoIdentityDbContext>(options =>
        {
            options.UseSqlite($"Data Source={databaseFile}");
            options.UseOpenIddict();
        });

        builder.Services.AddOpenIddict()
            .AddCore(options => options.UseEntityFrameworkCore().UseDbContext<DemoIdentityDbContext>())
            .AddServer(options =>
            {
                if (Uri.TryCreate(demo.IdentityIssuer, UriKind.Absolute, out var issuer))
                {
                    options.SetIssuer(issuer);
                }

                options.SetAuthorizationEndpointUris(DemoIdentityDefaults.AuthorizationEndpointPath.TrimStart('/'))
                    .SetTokenEndpointUris(DemoIdentityDefaults.TokenEndpointPath.TrimStart('/'))
                    .SetEndSessionEndpointUris(DemoIdentityDefaults.EndSessionEndpointPath.TrimStart('/'));

                options.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
                options.RegisterScopes(Scopes.OpenId, Scopes.Email, Scopes.Profile, Scopes.Roles);

                // Keys live only as long as the process: fine for a demo, whose sessions are the dashboard's own cookie.
                options.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
                options.DisableAccessTokenEncryption();

                options.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough()
                    // Demo only: lets the embedded default run on plain http://localhost.
                    .DisableTransportSecurityRequirement();
            });

        builder.Services.AddHostedService<DemoIdentityInitializer>();
        return builder;
    }

    public static IEndpointRouteBuilder MapDemoIdentity(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(DemoIdentityDefaults.SignInPagePath, (HttpContext context, IStringLocalizer<DemoSignInPage> localizer) =>
            Results.Content(DemoSignInPage.Render(context.Request.Query, localizer), "text/html; charset=utf-8"))
            .AllowAnonymous();

        endpoints.MapMethods(DemoIdentityDefaults.AuthorizationEndpointPath, [HttpMethods.Get, HttpMethods.Post], Authorize).AllowAnonymous();
        endpoints.MapPost(DemoIdentityDefaults.TokenEndpointPath, (Func<HttpContext, Task<IResult>>)ExchangeAsync).AllowAnonymous();
        endpoints.MapMethods(DemoIdentityDefaults.EndSessionEndpointPath, [HttpMethods.Get, HttpMethods.Post], EndSession).AllowAnonymous();
        return endpoints;
    }

    private static IResult Authorize(HttpContext context)
    {
        var request = context.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenID Connect authorization request could not be read.");

        var chosen = (string?)request.GetParameter(DemoIdentityDefaults.PersonaParameter);
        var persona = DemoPersonas.Load().FirstOrDefault(p => string.Equals(p.Name, chosen, StringComparison.Ordinal));
        if (persona is null && request.HasPromptValue(PromptValues.None))
        {
            // The demo keeps no session of its own, so a silent sign-in (prompt=none) can never succeed: say so as
            // the protocol asks, and the dashboard starts an interactive sign-in (the picker) instead.
            return Results.Forbid(
                new AuthenticationProperties(new Dictionary<string, string?>
                {
                    [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.LoginRequired,
                    [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = "The demo identity provider keeps no session; pick a persona.",
                }),
                [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        }

        if (persona is null)
        {
            // No persona picked yet: show the picker, carrying the whole authorization request along.
            var parameters = request.GetParameters()
                .Where(p => p.Key != DemoIdentityDefaults.PersonaParameter)
                .Select(p => KeyValuePair.Create(p.Key, (string?)p.Value));
            return Results.Redirect(DemoIdentityDefaults.SignInPagePath + QueryString.Create(parameters));
        }

        var identity = new ClaimsIdentity(
            OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, DemoIdentityDefaults.RolesClaim);
        identity.SetClaim(Claims.Subject, persona.SignIn.Subject)
            .SetClaim(Claims.PreferredUsername, persona.Name)
            .SetClaim(Claims.Email, persona.SignIn.Email)
            .SetClaim(Claims.Name, persona.DisplayName)
            .SetClaim(Claims.Locale, persona.SignIn.Locale)
            .SetClaims(DemoIdentityDefaults.RolesClaim, [.. persona.SignIn.Roles]);
        identity.SetScopes(request.GetScopes());
        identity.SetDestinations(_ => [Destinations.IdentityToken, Destinations.AccessToken]);

        return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static async Task<IResult> ExchangeAsync(HttpContext context)
    {
        var request = context.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenID Connect token request could not be read.");
        if (!request.IsAuthorizationCodeGrantType())
        {
            throw new InvalidOperationException("Only the authorization code grant is enabled.");
        }

        // OpenIddict has already validated the code, the PKCE verifier and the client; the principal is the one issued above.
        var result = await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        if (result.Principal is not { } principal)
        {
            return Results.Forbid(authenticationSchemes: [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        }

        principal.SetDestinations(_ => [Destinations.IdentityToken, Destinations.AccessToken]);
        return Results.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    /// <summary>The demo provider keeps no session of its own, so ending it only sends the browser back to the dashboard.</summary>
    private static IResult EndSession() =>
        Results.SignOut(new AuthenticationProperties { RedirectUri = "/" }, [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
