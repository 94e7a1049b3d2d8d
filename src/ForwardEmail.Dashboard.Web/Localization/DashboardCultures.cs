using Microsoft.AspNetCore.Localization;

namespace ForwardEmail.Dashboard.Web.Localization;

public static class DashboardCultures
{
    public const string Default = "en";

    /// <summary>The languages the dashboard ships in; Arabic is right-to-left.</summary>
    public static readonly IReadOnlyList<string> Supported = ["en", "ar", "th"];

    public static IServiceCollection AddDashboardLocalization(this IServiceCollection services)
    {
        services.AddLocalization();
        services.Configure<RequestLocalizationOptions>(options =>
        {
            options.SetDefaultCulture(Default)
                .AddSupportedCultures([.. Supported])
                .AddSupportedUICultures([.. Supported]);
            options.ApplyCurrentCultureToResponseHeaders = true;
        });
        return services;
    }

    /// <summary>Stores the chosen language in the culture cookie and goes back to the (local) page the user was on.</summary>
    public static IEndpointRouteBuilder MapCultureEndpoint(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/culture/set", (string culture, string? returnUrl, HttpContext context) =>
        {
            if (!Supported.Contains(culture))
            {
                return Results.BadRequest();
            }

            context.Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { MaxAge = TimeSpan.FromDays(365), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });

            return Results.LocalRedirect(IsLocalUrl(returnUrl) ? returnUrl! : "/");
        }).AllowAnonymous();
        return endpoints;
    }

    internal static bool IsLocalUrl(string? url) =>
        !string.IsNullOrEmpty(url)
        && url[0] == '/'
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));
}
