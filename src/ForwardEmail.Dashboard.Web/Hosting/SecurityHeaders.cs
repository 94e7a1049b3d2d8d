using ForwardEmail.Dashboard.Web.Features.Auth;
using Microsoft.Extensions.Options;

namespace ForwardEmail.Dashboard.Web.Hosting;

/// <summary>
/// Headers on every response, the Hangfire dashboard and error pages included. The Content-Security-Policy is what
/// Blazor Server and MudBlazor need and no more: scripts only from this site (no inline script, no eval), inline styles
/// (MudBlazor sets style attributes), the circuit's WebSocket to this site, forms posting here or to the identity
/// provider (sign-out continues there), and framing only by this site.
/// </summary>
public static class SecurityHeaders
{
    public static readonly TimeSpan HstsMaxAge = TimeSpan.FromDays(365);

    public static WebApplicationBuilder AddSecurityHeaders(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        builder.Services.AddHsts(options => options.MaxAge = HstsMaxAge);
        builder.Services.AddSingleton<SecurityHeaderValues>();
        return builder;
    }

    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            // Set when the response starts, so the exception handler and the developer error page, which clear the
            // headers of a failed response, still send them.
            context.Response.OnStarting(() =>
            {
                var values = context.RequestServices.GetRequiredService<SecurityHeaderValues>();
                var frontChannel = values.FrontChannelSignOut && context.Request.Path.StartsWithSegments("/signout-oidc");
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = frontChannel ? values.FramedByProviderPolicy : values.Policy;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
                if (!frontChannel)
                {
                    headers.XFrameOptions = "SAMEORIGIN";
                }

                return Task.CompletedTask;
            });
            return next(context);
        });
        return app;
    }

    /// <summary>The policies, built once from the validated options (on the first response, after start-up validation).</summary>
    public sealed class SecurityHeaderValues
    {
        public SecurityHeaderValues(IOptions<OidcOptions> oidc, IOptions<DashboardSessionOptions> session)
        {
            var provider = ProviderOrigin(oidc.Value.Authority);
            FrontChannelSignOut = session.Value.FrontChannelSignOut;
            Policy = ContentSecurityPolicy(provider, framedByProvider: false);
            FramedByProviderPolicy = ContentSecurityPolicy(provider, framedByProvider: true);
        }

        public bool FrontChannelSignOut { get; }
        public string Policy { get; }
        public string FramedByProviderPolicy { get; }
    }

    public static string ContentSecurityPolicy(string? providerOrigin, bool framedByProvider)
    {
        var provider = string.IsNullOrEmpty(providerOrigin) ? "" : " " + providerOrigin;
        return "default-src 'self'; " +
               "script-src 'self'; " +
               "style-src 'self' 'unsafe-inline'; " +
               "img-src 'self' data:; " +
               "font-src 'self' data:; " +
               "connect-src 'self'; " +
               "object-src 'none'; " +
               "base-uri 'self'; " +
               $"form-action 'self'{provider}; " +
               $"frame-ancestors 'self'{(framedByProvider ? provider : "")}";
    }

    /// <summary><c>https://login.example.org</c> for an authority URL; null when there is none.</summary>
    public static string? ProviderOrigin(string? authority) =>
        Uri.TryCreate(authority, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) : null;
}
