using MudBlazor;

namespace ForwardEmail.Dashboard.Web.Layout;

internal static class DashboardTheme
{
    /// <summary>
    /// Ubuntu colours on a neutral surface; system fonts so nothing is fetched from a CDN. Every colour that is used as
    /// text on white (links, outlined buttons, alert text) or under white text (filled buttons, chips) is dark enough for
    /// WCAG AA's 4.5:1 on both: the brand orange #E95420 gives only 3.6:1, MudBlazor's default warning, success, error and
    /// info 2.2, 2.2, 3.7 and 3.1 (the end-to-end accessibility test checks the pages with axe-core).
    /// </summary>
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#B93D10",
            AppbarBackground = "#2C001E",
            AppbarText = "#FFFFFF",
            Secondary = "#77216F",
            Warning = "#9C5700",
            Success = "#2E7D32",
            Error = "#C62828",
            Info = "#1565C0",
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
