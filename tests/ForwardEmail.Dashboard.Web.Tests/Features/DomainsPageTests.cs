using Bunit;
using ForwardEmail.Dashboard.Core.Data;
using ForwardEmail.Dashboard.Core.Domain;
using ForwardEmail.Dashboard.Web.Features.Domains;
using ForwardEmail.Dashboard.Web.Tests.Infrastructure;

namespace ForwardEmail.Dashboard.Web.Tests.Features;

public sealed class DomainsPageTests : DashboardTestContext
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task DomainsPage_ShowsEachDomainWithItsTeamAndVerificationState()
    {
        await using (var db = CreateDb())
        {
            await DatabaseInitializer.SeedAsync(db, Now, CancellationToken.None);
            var kubuntu = db.Domains.Single(d => d.Name == "kubuntu.org");
            kubuntu.VerificationState = DomainVerificationState.Verified;
            await db.SaveChangesAsync();
        }

        var page = Render<DomainsPage>();

        page.WaitForAssertion(() => Assert.Equal(6, page.FindAll("tbody tr").Count));
        var kubuntuRow = page.FindAll("tbody tr").Single(r => r.TextContent.Contains("kubuntu.org", StringComparison.Ordinal));
        Assert.Contains("~kubuntu-members", kubuntuRow.TextContent, StringComparison.Ordinal);
        Assert.Contains("Verified", kubuntuRow.TextContent, StringComparison.Ordinal);
        var ubuntuRow = page.FindAll("tbody tr").Single(r => r.TextContent.Contains("ubuntu.com", StringComparison.Ordinal));
        Assert.Contains("Not verified yet", ubuntuRow.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void DomainsPage_SaysSo_WhenThereAreNoDomains()
    {
        var page = Render<DomainsPage>();

        page.WaitForAssertion(() => Assert.Contains("No domains yet.", page.Markup, StringComparison.Ordinal));
    }
}

public sealed class DomainsPageInThaiTests() : DashboardTestContext("th")
{
    [Fact]
    public async Task DomainsPage_IsTranslated_InThai()
    {
        await using (var db = CreateDb())
        {
            await DatabaseInitializer.SeedAsync(db, DateTimeOffset.UnixEpoch, CancellationToken.None);
        }

        var page = Render<DomainsPage>();

        page.WaitForAssertion(() => Assert.Contains("ยังไม่ยืนยัน", page.Markup, StringComparison.Ordinal));
        Assert.Contains("โดเมน", page.Find("h1").TextContent, StringComparison.Ordinal);
    }
}
