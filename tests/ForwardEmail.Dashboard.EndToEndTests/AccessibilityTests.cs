using System.Text.Json;
using ForwardEmail.Dashboard.Core.Domain;
using ForwardEmail.Dashboard.Demo;
using ForwardEmail.Dashboard.EndToEndTests.Infrastructure;
using ForwardEmail.Dashboard.EndToEndTests.Pages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ForwardEmail.Dashboard.EndToEndTests;

/// <summary>
/// Every console page, as the people who use it see it, in English, Arabic (right to left) and Thai, checked by axe-core
/// (npm, tests/accessibility) against WCAG 2.1 A and AA: contrast, names of controls and links, labels, landmarks,
/// language, table headers. axe runs in the real page, after the interactive circuit has rendered it.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityTests(BrowserFixture browser)
{
    private static readonly string[] Cultures = ["en", "ar", "th"];

    private static readonly Lazy<string> AxeScript = new(() =>
    {
        var path = TestFixtures.RepositoryPaths.Combine("tests", "accessibility", "node_modules", "axe-core", "axe.min.js");
        return File.Exists(path)
            ? File.ReadAllText(path)
            : throw new InvalidOperationException($"{path} is missing: npm ci --prefix tests/accessibility (.ci/test.sh does).");
    });

    [Fact]
    public async Task The_demo_sign_in_page_and_the_signed_out_pages_pass_WCAG_AA()
    {
        var page = await browser.NewPageAsync();
        var violations = new List<string>();

        await page.GotoAsync("/account/signin?returnUrl=%2F");
        await new DemoSignInPage(page).ExpectShownAsync();
        violations.AddRange(await CheckAsync(page, "demo sign-in"));
        foreach (var path in new[] { "/", "/account/signin-failed", "/account/access-denied" })
        {
            await page.GotoAsync(path);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            violations.AddRange(await CheckAsync(page, path));
        }

        Assert.True(violations.Count == 0, string.Join('\n', violations));
    }

    [Fact]
    public async Task A_contributor_refused_an_address_sees_pages_that_pass_WCAG_AA_in_every_language()
    {
        // jdoe has not signed the Code of Conduct: the page shows the reason, the link to sign it and the domain table.
        var (page, addresses) = await ClaimAsAsync("jdoe");
        await Expect(addresses.CodeOfConductLink).ToBeVisibleAsync();

        var violations = await CheckEveryCultureAsync(page, ["/", "/domains", MyAddressesPage.Path, "/account"]);

        Assert.True(violations.Count == 0, string.Join('\n', violations));
    }

    [Fact]
    public async Task The_admin_and_support_consoles_pass_WCAG_AA_in_every_language()
    {
        // A failed claim first, so the error log has a row with its chips, note field and buttons.
        var (_, claim) = await ClaimAsAsync("ghost");
        await Expect(claim.Error).ToBeVisibleAsync();

        var domainId = await browser.WithDbAsync(db => db.Domains.Where(d => d.Name == "ubuntu.com").Select(d => d.Id).SingleAsync());
        // The demo's unverified domain: the TXT record to publish, Check now, no MX yet.
        var pendingId = await browser.WithDbAsync(db => db.Domains.Where(d => d.Name == DemoDataSeeder.UnverifiedDomain).Select(d => d.Id).SingleAsync());
        var contributorId = await browser.WithDbAsync(db => db.Contributors.Where(c => c.Username == "ghost").Select(c => c.Id).SingleAsync());
        // A role granted here, so the Roles page has a row with its Revoke button (named "Revoke Support from ghost").
        await browser.WithDbAsync(async db =>
        {
            if (!await db.RoleAssignments.AnyAsync(r => r.ContributorId == contributorId && r.Role == DashboardRole.Support))
            {
                db.RoleAssignments.Add(new RoleAssignment { ContributorId = contributorId, Role = DashboardRole.Support, GrantedBy = "ada-admin", GrantedAt = DateTimeOffset.UtcNow });
                await db.SaveChangesAsync();
            }

            return true;
        });
        var admin = await browser.SignedInAsync("ada-admin");

        var violations = await CheckEveryCultureAsync(admin,
        [
            "/admin/domains", $"/admin/domains/{domainId}", $"/admin/domains/{pendingId}", "/admin/aliases", "/admin/contributors",
            $"/admin/contributors/{contributorId}", "/admin/audit", "/admin/roles", "/admin/reviews",
            "/support/errors", "/support/jobs",
        ]);

        Assert.True(violations.Count == 0, string.Join('\n', violations));
    }

    [Fact]
    public async Task On_a_320_pixel_phone_the_app_bar_keeps_its_contents_inside_and_the_page_does_not_scroll_sideways()
    {
        // WCAG 1.4.10 (reflow): usable at 320 CSS pixels without scrolling in two directions; wide tables may scroll
        // inside their own box. The product name and a long display name must not spill out of the bar.
        var (page, _) = await ClaimAsAsync("security");
        await page.SetViewportSizeAsync(320, 640);
        var problems = new List<string>();
        await VisitEveryCultureAsync(page, ["/", MyAddressesPage.Path], async where =>
        {
            var layout = await page.EvaluateAsync<JsonElement>(
                """
                () => {
                    const bar = document.querySelector('.mud-appbar').getBoundingClientRect();
                    const outside = ['product-name', 'user-menu-button'].filter(id => {
                        const box = document.querySelector(`[data-testid=${id}]`).getBoundingClientRect();
                        return box.top < bar.top || box.bottom > bar.bottom || box.left < 0 || box.right > window.innerWidth;
                    });
                    return { outside, scrollWidth: document.documentElement.scrollWidth, width: window.innerWidth };
                }
                """);
            foreach (var id in layout.GetProperty("outside").EnumerateArray())
            {
                problems.Add($"{where}: {id.GetString()} is not inside the app bar");
            }

            if (layout.GetProperty("scrollWidth").GetInt32() > layout.GetProperty("width").GetInt32())
            {
                problems.Add($"{where}: the page is {layout.GetProperty("scrollWidth").GetInt32()} pixels wide");
            }
        });

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public async Task A_contributor_reaches_and_presses_the_claim_button_with_the_keyboard_alone_and_sees_where_the_focus_is()
    {
        // WCAG 2.1.1: Tab from the top of the page to the button, Enter to claim; no mouse. The focus ring is checked on
        // the way (2.4.7).
        var page = await browser.SignedInAsync("press");
        var addresses = new MyAddressesPage(page);
        await page.GotoAsync(MyAddressesPage.Path);
        await addresses.ExpectShownAsync();

        var presses = 0;
        while (!await page.EvaluateAsync<bool>("() => document.activeElement?.dataset.testid === 'claim'"))
        {
            Assert.True(++presses <= 40, "40 presses of Tab did not reach the claim button");
            await page.Keyboard.PressAsync("Tab");
        }

        // WCAG 2.4.7: where the focus is can be seen (MudBlazor alone only shades the button a little).
        Assert.Equal("solid 2px", await page.EvaluateAsync<string>(
            "() => { const style = getComputedStyle(document.activeElement); return style.outlineStyle + ' ' + style.outlineWidth; }"));

        await page.Keyboard.PressAsync("Enter");
        await Expect(addresses.Result).ToBeVisibleAsync();
        await Expect(addresses.Outcome("ubuntu.com")).ToBeVisibleAsync();
    }

    private async Task<(IPage Page, MyAddressesPage Addresses)> ClaimAsAsync(string persona)
    {
        var page = await browser.SignedInAsync(persona);
        var addresses = new MyAddressesPage(page);
        await page.GotoAsync(MyAddressesPage.Path);
        await addresses.ExpectShownAsync();
        await addresses.ClaimAsync();
        return (page, addresses);
    }

    private static async Task<List<string>> CheckEveryCultureAsync(IPage page, string[] paths)
    {
        var violations = new List<string>();
        await VisitEveryCultureAsync(page, paths, async where => violations.AddRange(await CheckAsync(page, where)));
        return violations;
    }

    /// <summary>Each path in each culture, once the page is interactive; <paramref name="visit"/> gets "culture path".</summary>
    private static async Task VisitEveryCultureAsync(IPage page, string[] paths, Func<string, Task> visit)
    {
        foreach (var culture in Cultures)
        {
            foreach (var path in paths)
            {
                await page.GotoAsync($"/culture/set?culture={culture}&returnUrl={Uri.EscapeDataString(path)}");
                await new DashboardPage(page).ExpectInteractiveAsync();
                await Expect(page.Locator($"html[lang^={culture}]")).ToHaveCountAsync(1);
                await visit($"{culture} {path}");
            }
        }
    }

    /// <summary>axe-core's WCAG 2.1 A and AA rules on the page as it is now; one line per rule broken, with where.</summary>
    private static async Task<IEnumerable<string>> CheckAsync(IPage page, string what)
    {
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'"))
        {
            // Evaluated by the browser's debugging protocol: the dashboard's Content-Security-Policy (script-src 'self')
            // rightly refuses an injected <script> element.
            await page.EvaluateAsync(AxeScript.Value);
        }

        var result = await page.EvaluateAsync<JsonElement>(
            """
            async () => {
                const result = await axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] });
                return result.violations.map(v => ({
                    id: v.id,
                    help: v.help,
                    nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + (n.any.length ? ' (' + n.any[0].message + ')' : '')),
                }));
            }
            """);
        return result.EnumerateArray().Select(v =>
            $"{what}: {v.GetProperty("id").GetString()} ({v.GetProperty("help").GetString()}): "
            + string.Join(" | ", v.GetProperty("nodes").EnumerateArray().Select(n => n.GetString())));
    }
}
