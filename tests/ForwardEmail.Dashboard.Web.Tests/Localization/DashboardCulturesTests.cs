using ForwardEmail.Dashboard.Web.Localization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Localization;

namespace ForwardEmail.Dashboard.Web.Tests.Localization;

public sealed class DashboardCulturesTests
{
    [Theory]
    [InlineData("ar", "ar")]
    [InlineData("ar-EG", "ar")]
    [InlineData("th_TH", "th")]
    [InlineData("EN-gb", "en")]
    [InlineData(" th ", "th")]
    [InlineData("de-DE", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void FromLocale_PicksAShippedLanguage_OrNone(string? locale, string? expected) =>
        Assert.Equal(expected, DashboardCultures.FromLocale(locale));

    [Fact]
    public void ApplySignInLocale_SetsTheCultureCookie_WhenTheBrowserHasNone()
    {
        var context = new DefaultHttpContext();

        DashboardCultures.ApplySignInLocale(context, "ar-EG");

        var cookie = Assert.Single(context.Response.Headers.SetCookie);
        Assert.StartsWith(CookieRequestCultureProvider.DefaultCookieName + "=" + Uri.EscapeDataString("c=ar|uic=ar"), cookie, StringComparison.Ordinal);
    }

    [Fact]
    public void ApplySignInLocale_KeepsALanguageThePersonChose()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Cookie = CookieRequestCultureProvider.DefaultCookieName + "=" + Uri.EscapeDataString("c=en|uic=en");

        DashboardCultures.ApplySignInLocale(context, "th");

        Assert.Equal(0, context.Response.Headers.SetCookie.Count);
    }

    [Fact]
    public void ApplySignInLocale_LeavesTheDefault_ForALanguageNotShipped()
    {
        var context = new DefaultHttpContext();

        DashboardCultures.ApplySignInLocale(context, "de");

        Assert.Equal(0, context.Response.Headers.SetCookie.Count);
    }
}
