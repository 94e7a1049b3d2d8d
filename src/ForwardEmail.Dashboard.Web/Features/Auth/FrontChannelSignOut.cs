using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;

namespace ForwardEmail.Dashboard.Web.Features.Auth;

/// <summary>
/// OpenID Connect front-channel sign-out at <c>/signout-oidc</c>. The framework signs out a request without
/// <c>iss</c>/<c>sid</c> unchecked, so any page could end someone's session with an image tag; here the endpoint is off
/// unless configured, and then it ends a session only when both match the ones the provider issued at sign-in.
/// </summary>
public static class FrontChannelSignOut
{
    public static async Task CheckAsync(RemoteSignOutContext context, DashboardSessionOptions session)
    {
        context.HandleResponse();
        if (!session.FrontChannelSignOut)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var issuer = context.ProtocolMessage?.GetParameter("iss");
        var sessionId = context.ProtocolMessage?.GetParameter("sid");
        if (string.IsNullOrEmpty(issuer) || string.IsNullOrEmpty(sessionId))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var current = await context.HttpContext.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        if (current.Principal is not null && SignInClaims.FromSession(current.Principal) is { } person)
        {
            if (!string.Equals(person.Issuer, issuer, StringComparison.Ordinal) || !string.Equals(person.ProviderSessionId, sessionId, StringComparison.Ordinal))
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }

            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }

        // The provider loads this in a hidden frame; an empty page is all it needs.
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.Headers.CacheControl = "no-cache, no-store";
    }
}
