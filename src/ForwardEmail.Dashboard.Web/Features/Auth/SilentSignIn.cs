using System.Globalization;
using ForwardEmail.Dashboard.Web.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;

namespace ForwardEmail.Dashboard.Web.Features.Auth;

/// <summary>
/// Re-reads the identity provider's roles once they are older than <see cref="DashboardSessionOptions.ProviderRoleMaxAge"/>: a
/// page load sends the browser through the provider with <c>prompt=none</c>, which returns at once while the person is
/// still signed in there, with the roles the provider gives now. The session's start time is carried through, so a
/// silent sign-in never extends the absolute lifetime.
/// </summary>
public static class SilentSignIn
{
    private const string SilentItem = "fed.silent";
    private const string SubjectItem = "fed.session-subject";
    private const string StartedItem = "fed.session-started";

    // Requests that are not a page someone navigates to: the circuit, static files, the sign-in machinery itself.
    private static readonly string[] ExcludedPrefixes =
        ["/_blazor", "/_framework", "/_content", "/assets", "/account", "/signin-oidc", "/signout-", "/healthz", "/culture", "/demo", "/error"];

    public static bool IsSilent(AuthenticationProperties? properties) =>
        properties?.Items.ContainsKey(SilentItem) == true;

    /// <summary>The start of the session a silent sign-in refreshed, when it was the same person's.</summary>
    public static DateTimeOffset? SessionStartedAt(AuthenticationProperties? properties, string subject) =>
        properties is not null
        && properties.Items.TryGetValue(SubjectItem, out var previous) && previous == subject
        && properties.Items.TryGetValue(StartedItem, out var started)
        && long.TryParse(started, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    public static WebApplication UseSilentProviderRoleRefresh(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (NeedsRefresh(context) is { } person)
            {
                var properties = new AuthenticationProperties { RedirectUri = LocalUrl.OrHome(context.Request.Path + context.Request.QueryString) };
                properties.Items[SilentItem] = "1";
                properties.Items[SubjectItem] = person.Subject;
                properties.Items[StartedItem] = person.SessionStartedAt!.Value.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
                await context.ChallengeAsync(OpenIdConnectDefaults.AuthenticationScheme, properties);
                return;
            }

            await next(context);
        });
        return app;
    }

    /// <summary>
    /// The person whose provider roles went stale on a page navigation. Someone without provider roles has nothing to
    /// lose, so they are not sent round; table and bootstrap roles never go stale.
    /// </summary>
    private static SignInClaims? NeedsRefresh(HttpContext context)
    {
        var request = context.Request;
        if (context.User.Identity?.IsAuthenticated != true
            || !HttpMethods.IsGet(request.Method)
            || !request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase)
            || ExcludedPrefixes.Any(p => request.Path.Value?.StartsWith(p, StringComparison.OrdinalIgnoreCase) == true)
            || SignInClaims.FromSession(context.User) is not { ProviderRoles.Count: > 0, SessionStartedAt: not null } person)
        {
            return null;
        }

        var session = context.RequestServices.GetRequiredService<IOptions<DashboardSessionOptions>>().Value;
        var now = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        return person.ProviderRolesFresh(now, session.ProviderRoleMaxAge) || person.SessionExpired(now, session.AbsoluteLifetime)
            ? null
            : person;
    }
}
