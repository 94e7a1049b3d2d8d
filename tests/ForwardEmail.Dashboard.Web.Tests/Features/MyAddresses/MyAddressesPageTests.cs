using Bunit;
using ForwardEmail.Dashboard.Core.Provisioning;
using ForwardEmail.Dashboard.Web.Features.MyAddresses;
using ForwardEmail.Dashboard.Web.Layout;
using Microsoft.AspNetCore.Components;

namespace ForwardEmail.Dashboard.Web.Tests.Features.MyAddresses;

public sealed class MyAddressesPageTests : MyAddressesTestContext
{
    [Fact]
    public async Task MyAddressesPage_ShowsTheContributorsAliasesFromTheDatabase_WithoutProvisioning()
    {
        var me = await SignInAsync("amira-h", "amira@example.org");
        await AddAliasAsync(me.Id, "ubuntu.com", "amira-h");
        await AddAliasAsync(me.Id, "edubuntu.org", "amira-h", a => { a.IneligibleSince = Now; a.IneligibleReason = AliasReasons.LeftTeam; });
        await AddAliasAsync(me.Id, "kubuntu.org", "amira-h", a => { a.IsEnabled = false; a.DisabledReason = AliasReasons.Banned; });
        var other = await AddOtherContributorAsync();
        await AddAliasAsync(other, "ubuntu.com", "someone-else");

        var page = Render<MyAddressesPage>();

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=alias-row]").Count));
        var rows = page.FindAll("[data-testid=alias-row]").ToDictionary(r => r.GetAttribute("data-address")!, r => r.TextContent);
        Assert.Equal(["amira-h@edubuntu.org", "amira-h@kubuntu.org", "amira-h@ubuntu.com"], rows.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("Active", rows["amira-h@ubuntu.com"], StringComparison.Ordinal);
        Assert.Contains("me@example.org", rows["amira-h@ubuntu.com"], StringComparison.Ordinal);
        Assert.Contains("Pending removal: forwards until 11/30/2026 10:00\u202fAM UTC (you are no longer in the team)", rows["amira-h@edubuntu.org"], StringComparison.Ordinal);
        Assert.Contains("Disabled: blocked by an administrator", rows["amira-h@kubuntu.org"], StringComparison.Ordinal);
        Assert.Equal(0, Directory.Calls);
        Assert.Empty(page.FindAll("[data-testid=outcome]"));
    }

    [Fact]
    public async Task MyAddressesPage_ListsEveryDomainWithItsTeamLink()
    {
        await SignInAsync("amira-h", "amira@example.org");

        var page = Render<MyAddressesPage>();

        page.WaitForAssertion(() => Assert.Equal(6, page.FindAll("[data-testid=domain-row]").Count));
        var kubuntu = page.Find("[data-testid=domain-row][data-domain='kubuntu.org']");
        Assert.Equal("https://launchpad.net/~kubuntu-members", kubuntu.QuerySelector("a")!.GetAttribute("href"));
        Assert.Contains("Yes", kubuntu.TextContent, StringComparison.Ordinal);
        Assert.Contains("You have no addresses yet.", page.Find("[data-testid=no-aliases]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Claim_CreatesTheAliasesOfTheContributorsTeams_AndShowsThem()
    {
        await SignInAsync("amira-h", "amira@example.org");
        Directory.Add("amira-h", teams: ["ubuntumembers", "edubuntu-members"]);
        var page = Render<MyAddressesPage>();
        page.WaitForAssertion(() => Assert.False(page.Find("[data-testid=claim]").HasAttribute("disabled")));

        await page.Find("[data-testid=claim]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal(6, page.FindAll("[data-testid=outcome]").Count));
        var ubuntu = page.Find("[data-testid=outcome][data-domain='ubuntu.com']").TextContent;
        Assert.Contains("amira-h@ubuntu.com", ubuntu, StringComparison.Ordinal);
        Assert.Contains("Created. It forwards to your email.", ubuntu, StringComparison.Ordinal);
        var kubuntu = page.Find("[data-testid=outcome][data-domain='kubuntu.org']");
        Assert.Contains("You are not a member of this domain's team.", kubuntu.TextContent, StringComparison.Ordinal);
        Assert.Equal("https://launchpad.net/~kubuntu-members", kubuntu.QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal(["ubuntu.com", "edubuntu.org", "kubuntu.org", "lubuntu.me", "ubuntustudio.com", "ubuntu.net"],
            page.FindAll("[data-testid=outcome]").Select(o => o.GetAttribute("data-domain")));
        Assert.Equal(["amira-h@edubuntu.org", "amira-h@ubuntu.com"], page.FindAll("[data-testid=alias-row]").Select(r => r.GetAttribute("data-address")));
        Assert.Empty(page.FindAll("[data-testid=claim-error]"));
    }

    [Fact]
    public async Task Claim_WithoutTheCodeOfConduct_ExplainsHowToSignIt_AndCreatesNothing()
    {
        await SignInAsync("jdoe", "jane.doe@example.org");
        Directory.Add("jdoe", isCocSigner: false, teams: ["edubuntu-members"]);
        var page = Render<MyAddressesPage>();
        page.WaitForAssertion(() => Assert.False(page.Find("[data-testid=claim]").HasAttribute("disabled")));

        await page.Find("[data-testid=claim]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=claim-error]")));
        var error = page.Find("[data-testid=claim-error]");
        Assert.Equal("coc-not-signed", error.GetAttribute("data-kind"));
        Assert.Contains("You have not signed the Ubuntu Code of Conduct yet", error.TextContent, StringComparison.Ordinal);
        Assert.Equal("https://launchpad.net/codeofconduct", page.Find("[data-testid=coc-link]").GetAttribute("href"));
        Assert.Empty(page.FindAll("[data-testid=outcome]"));
        Assert.Empty(page.FindAll("[data-testid=alias-row]"));
        Assert.NotNull(page.Find("[data-testid=claim-result]").GetAttribute("role"));
    }

    private async Task<int> AddOtherContributorAsync()
    {
        await using var db = CreateDb();
        var other = new Core.Domain.Contributor { Subject = "other", Username = "someone-else", Email = "else@example.org", CreatedAt = Now, UpdatedAt = Now };
        db.Contributors.Add(other);
        await db.SaveChangesAsync();
        return other.Id;
    }

    [Fact]
    public async Task Claim_AgainWithinTheCooldown_SaysWhenToTryAgain_AndAsksTheDirectoryNothing()
    {
        await SignInAsync("amira-h", "amira@example.org");
        Directory.Add("amira-h", teams: ["ubuntumembers"]);
        var page = Render<MyAddressesPage>();
        page.WaitForAssertion(() => Assert.False(page.Find("[data-testid=claim]").HasAttribute("disabled")));
        await page.Find("[data-testid=claim]").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Equal(6, page.FindAll("[data-testid=outcome]").Count));
        var calls = Directory.Calls;

        await page.Find("[data-testid=claim]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Matches(@"try again in (29|30) seconds", page.Find("[data-testid=claim-cooldown]").TextContent));
        Assert.Equal(calls, Directory.Calls);
        Assert.Equal(6, page.FindAll("[data-testid=outcome]").Count);
    }
}

public sealed class MyAddressesPageInArabicTests() : MyAddressesTestContext("ar")
{
    [Fact]
    public async Task MyAddressesPage_RendersRightToLeft_InArabic_WithAddressesKeptLeftToRight()
    {
        var me = await SignInAsync("amira-h", "amira@example.org");
        await AddAliasAsync(me.Id, "ubuntu.com", "amira-h");

        var layout = Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(b =>
        {
            b.OpenComponent<MyAddressesPage>(0);
            b.CloseComponent();
        })));

        layout.WaitForAssertion(() => Assert.Single(layout.FindAll("[data-testid=alias-row]")));
        Assert.NotEmpty(layout.FindAll("[dir=rtl]"));
        Assert.Equal("عناويني", layout.Find("h1").TextContent.Trim());
        Assert.Equal("طلب عناويني أو تحديثها", layout.Find("[data-testid=claim]").TextContent.Trim());
        Assert.Equal("amira-h@ubuntu.com", layout.Find("[data-testid=alias-row] bdi[dir=ltr]").TextContent);
        Assert.Contains("نشط", layout.Find("[data-testid=alias-row]").TextContent, StringComparison.Ordinal);
    }
}
