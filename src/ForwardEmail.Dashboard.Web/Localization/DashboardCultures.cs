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

            AppendCultureCookie(context.Response, culture);
            return Results.LocalRedirect(Hosting.LocalUrl.OrHome(returnUrl));
        }).AllowAnonymous();
        return endpoints;
    }

    /// <summary>
    /// At sign-in, a browser that has no language chosen yet gets the one the identity provider's locale claim names,
    /// when the dashboard ships it; a language the person picked in the menu always wins.
    /// </summary>
    public static void ApplySignInLocale(HttpContext context, string? locale)
    {
        if (!context.Request.Cookies.ContainsKey(CookieRequestCultureProvider.DefaultCookieName) && FromLocale(locale) is { } culture)
        {
            AppendCultureCookie(context.Response, culture);
        }
    }

    /// <summary>The shipped language a locale names (<c>ar</c>, <c>ar-EG</c>, <c>th_TH</c>, <c>EN-gb</c>), or null.</summary>
    public static string? FromLocale(string? locale)
    {
        if (string.IsNullOrWhiteSpace(locale))
        {
            return null;
        }

        var language = locale.Trim().Split('-', '_')[0].ToLowerInvariant();
        return Supported.Contains(language) ? language : null;
    }

    private static void AppendCultureCookie(HttpResponse response, string culture) =>
        response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions { MaxAge = TimeSpan.FromDays(365), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });
}
