using MudBlazor;

namespace ForwardEmail.Dashboard.Web.Layout;

internal static class DashboardTheme
{
    /// <summary>Ubuntu orange on a neutral surface; system fonts so nothing is fetched from a CDN.</summary>
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#E95420",
            AppbarBackground = "#2C001E",
            AppbarText = "#FFFFFF",
            Secondary = "#77216F",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography
            {
                FontFamily = ["Ubuntu", "Noto Sans", "Noto Sans Arabic", "Noto Sans Thai", "system-ui", "sans-serif"],
            },
        },
    };
}
