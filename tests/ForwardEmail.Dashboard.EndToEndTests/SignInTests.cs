using System.Text.RegularExpressions;
using ForwardEmail.Dashboard.EndToEndTests.Infrastructure;
using ForwardEmail.Dashboard.EndToEndTests.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ForwardEmail.Dashboard.EndToEndTests;

/// <summary>Sign-in through the demo provider's full redirect flow, and what each role may and may not open.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class SignInTests(BrowserFixture fixture)
{
    // Personas from the demo's Data/personas.json.
    private const string Contributor = "pkowalski";
    private const string ContributorName = "Piotr Kowalski";
    private const string Support = "sam-support";
    private const string Admin = "ada-admin";

    [Fact]
    public async Task AnonymousRequestToAProtectedPage_GoesToSignIn_AndComesBackToIt()
    {
        var page = await fixture.NewPageAsync();

        await page.GotoAsync("/account");
        await new DemoSignInPage(page).SignInAsAsync(Contributor);

        await Expect(page).ToHaveURLAsync(fixture.Server.BaseUrl + "/account");
        await Expect(page.GetByTestId("account-username")).ToHaveTextAsync(Contributor);
    }

    [Fact]
    public async Task Contributor_SignsIn_AndIsRefusedTheRolesPageAndHangfire()
    {
        var page = await fixture.NewPageAsync();
        var dashboard = new DashboardPage(page);
        await dashboard.GoToAsync("/");

        await dashboard.SignInAsync(Contributor);

        await Expect(page).ToHaveURLAsync(fixture.Server.BaseUrl + "/");
        await dashboard.ExpectSignedInAsAsync(ContributorName);
        await Expect(dashboard.RolesLink).ToHaveCountAsync(0);
        await Expect(dashboard.JobsLink).ToHaveCountAsync(0);

        await dashboard.GoToAsync(RolesPage.Path);
        await Expect(dashboard.AccessDenied).ToBeVisibleAsync();
        await Expect(page).ToHaveURLAsync(AccessDeniedUrl());

        await new HangfirePage(page).OpenScheduledAsync();
        await Expect(dashboard.AccessDenied).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Support_GetsHangfireReadOnly_AndIsRefusedTheRolesPage()
    {
        var (page, dashboard) = await SignedInAsync(Support);
        await Expect(dashboard.JobsLink).ToBeVisibleAsync();
        await Expect(dashboard.RolesLink).ToHaveCountAsync(0);

        var hangfire = new HangfirePage(page);
        await hangfire.OpenScheduledAsync();
        await hangfire.ExpectReadOnlyAsync();

        await dashboard.GoToAsync(RolesPage.Path);
        await Expect(dashboard.AccessDenied).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Admin_GetsTheRolesPageAndFullHangfire()
    {
        var (page, dashboard) = await SignedInAsync(Admin);
        await Expect(dashboard.RolesLink).ToBeVisibleAsync();

        await new RolesPage(page).OpenAsync();

        var hangfire = new HangfirePage(page);
        await hangfire.OpenScheduledAsync();
        await hangfire.ExpectFullAccessAsync();
    }

    [Fact]
    public async Task SignInWithAnExternalReturnUrl_LandsOnTheDashboardHome()
    {
        var page = await fixture.NewPageAsync();

        await page.GotoAsync("/account/signin?returnUrl=https%3A%2F%2Fevil.example%2F");
        await new DemoSignInPage(page).SignInAsAsync(Contributor);

        await Expect(page).ToHaveURLAsync(fixture.Server.BaseUrl + "/");
        await new DashboardPage(page).ExpectSignedInAsAsync(ContributorName);
    }

    [Fact]
    public async Task SignOut_EndsTheSession_SoAProtectedPageAsksForSignInAgain()
    {
        var (page, dashboard) = await SignedInAsync(Contributor);

        await dashboard.SignOutAsync();

        await Expect(page).ToHaveURLAsync(fixture.Server.BaseUrl + "/");
        await page.GotoAsync("/account");
        await new DemoSignInPage(page).ExpectShownAsync();
    }

    [Fact]
    public async Task RoleGrantedOnTheRolesPage_TakesEffectForThatUser_WithoutSigningInAgain()
    {
        const string grantee = "kwame";
        var (contributorPage, contributor) = await SignedInAsync(grantee);
        var contributorHangfire = new HangfirePage(contributorPage);
        await contributorHangfire.OpenScheduledAsync();
        await Expect(contributor.AccessDenied).ToBeVisibleAsync();

        var (adminPage, _) = await SignedInAsync(Admin);
        var roles = new RolesPage(adminPage);
        await roles.OpenAsync();
        await roles.GrantAsync(grantee);
        await Expect(roles.Message).ToContainTextAsync($"Support granted to {grantee}");
        await Expect(roles.Row(grantee, "Support")).ToBeVisibleAsync();

        await contributorHangfire.OpenScheduledAsync();
        await contributorHangfire.ExpectReadOnlyAsync();

        await roles.RevokeAsync(grantee, "Support");
        await Expect(roles.Row(grantee, "Support")).ToHaveCountAsync(0);
        await contributorHangfire.OpenScheduledAsync();
        await Expect(contributor.AccessDenied).ToBeVisibleAsync();
    }

    [Fact]
    public async Task RoleChanges_ReachAPageThatIsAlreadyOpen_WithoutAReload()
    {
        const string grantee = "rvandijk";
        var (_, open) = await SignedInAsync(grantee);
        await Expect(open.JobsLink).ToHaveCountAsync(0);

        var (adminPage, _) = await SignedInAsync(Admin);
        var roles = new RolesPage(adminPage);
        await roles.OpenAsync();
        await roles.GrantAsync(grantee);
        await Expect(roles.Row(grantee, "Support")).ToBeVisibleAsync();

        // The server re-reads the roles of open pages every 5 s in these tests (Authorization:RoleRefreshInterval).
        var withinARefresh = new LocatorAssertionsToBeVisibleOptions { Timeout = 20_000 };
        await Expect(open.JobsLink).ToBeVisibleAsync(withinARefresh);

        await roles.RevokeAsync(grantee, "Support");
        await Expect(open.JobsLink).ToBeHiddenAsync(new() { Timeout = 20_000 });
    }

    [Fact]
    public async Task SignIn_OpensTheDashboardInTheLanguageOfTheLocaleClaim_UnlessOneWasChosen()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/account/signin?returnUrl=%2F");
        await new DemoSignInPage(page).SignInAsAsync("somchai");
        await Expect(page.Locator("html[lang=th][dir=ltr]")).ToHaveCountAsync(1);

        var chosen = await fixture.NewPageAsync();
        await chosen.GotoAsync("/culture/set?culture=ar&returnUrl=%2Faccount%2Fsignin%3FreturnUrl%3D%252F");
        await new DemoSignInPage(chosen).SignInAsAsync("somchai");
        await Expect(chosen.Locator("html[lang=ar][dir=rtl]")).ToHaveCountAsync(1);
    }

    /// <summary>A new browser page, signed in from the home page's app bar through the demo provider.</summary>
    private async Task<(IPage Page, DashboardPage Dashboard)> SignedInAsync(string persona)
    {
        var page = await fixture.NewPageAsync();
        var dashboard = new DashboardPage(page);
        await dashboard.GoToAsync("/");
        await dashboard.SignInAsync(persona);
        return (page, dashboard);
    }

    [GeneratedRegex("/account/access-denied")]
    private static partial Regex AccessDeniedUrl();
}
