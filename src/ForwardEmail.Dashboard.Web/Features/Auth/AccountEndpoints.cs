using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using ForwardEmail.Dashboard.Web.Hosting;
using Microsoft.Extensions.Options;

namespace ForwardEmail.Dashboard.Web.Features.Auth;

public static partial class AccountEndpoints
{
    public const string SignInPath = "/account/signin";
    public const string SignOutPath = "/account/signout";
    public const string AccessDeniedPath = "/account/access-denied";
    public const string SignInFailedPath = "/account/signin-failed";

    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(SignInPath, (string? returnUrl, HttpContext context) =>
        {
            var target = LocalUrl.OrHome(returnUrl);
            return context.User.Identity?.IsAuthenticated == true
                ? Results.LocalRedirect(target)
                : Results.Challenge(new AuthenticationProperties { RedirectUri = target }, [OpenIdConnectDefaults.AuthenticationScheme]);
        }).AllowAnonymous();

        endpoints.MapPost(SignOutPath, SignOutAsync).AllowAnonymous().DisableAntiforgery();
        return endpoints;
    }

    /// <summary>The sign-in endpoint with a (checked) return URL.</summary>
    public static string SignInUrl(string? returnUrl) =>
        $"{SignInPath}?returnUrl={Uri.EscapeDataString(LocalUrl.OrHome(returnUrl))}";

    /// <summary>The sign-in-failed page, naming the refusal when there was one.</summary>
    public static string SignInFailedUrl(SignInRefusal? refusal) =>
        refusal is { } reason ? $"{SignInFailedPath}?reason={reason}" : SignInFailedPath;

    private static async Task<IResult> SignOutAsync(
        HttpContext context,
        IAntiforgery antiforgery,
        IOptionsMonitor<OpenIdConnectOptions> oidc,
        ILoggerFactory loggers)
    {
        // Validated here rather than by form binding: the form carries nothing but the token.
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return Results.BadRequest();
        }

        var properties = new AuthenticationProperties { RedirectUri = "/" };
        if (context.User.Identity?.IsAuthenticated == true && await ProviderCanEndSessionAsync(oidc.Get(OpenIdConnectDefaults.AuthenticationScheme), loggers, context.RequestAborted))
        {
            return Results.SignOut(properties, [CookieAuthenticationDefaults.AuthenticationScheme, OpenIdConnectDefaults.AuthenticationScheme]);
        }

        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Results.LocalRedirect("/");
    }

    private static async Task<bool> ProviderCanEndSessionAsync(OpenIdConnectOptions options, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (options.ConfigurationManager is null)
        {
            return false;
        }

        try
        {
            var configuration = await options.ConfigurationManager.GetConfigurationAsync(cancellationToken);
            return !string.IsNullOrEmpty(configuration.EndSessionEndpoint);
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or HttpRequestException)
        {
            // The provider is unreachable: ending the local session still signs the person out here.
            LogProviderUnreachable(loggers.CreateLogger(typeof(AccountEndpoints).FullName!), ex);
            return false;
        }
    }

    [LoggerMessage(EventId = 2110, Level = LogLevel.Warning, Message = "Could not read the identity provider's metadata at sign-out; ended the local session only")]
    private static partial void LogProviderUnreachable(ILogger logger, Exception exception);
}
