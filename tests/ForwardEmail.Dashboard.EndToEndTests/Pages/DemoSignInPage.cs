using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ForwardEmail.Dashboard.EndToEndTests.Pages;

/// <summary>The demo identity provider's persona picker.</summary>
public sealed partial class DemoSignInPage(IPage page)
{
    public ILocator Personas => page.Locator("button[data-persona]");

    public async Task ExpectShownAsync()
    {
        await Expect(page).ToHaveURLAsync(PickerUrl());
        await Expect(Personas.First).ToBeVisibleAsync();
    }

    public async Task SignInAsAsync(string persona)
    {
        await ExpectShownAsync();
        await page.Locator($"button[data-persona='{persona}']").ClickAsync();
    }

    [GeneratedRegex("/demo/identity/signin\\?")]
    private static partial Regex PickerUrl();
}
