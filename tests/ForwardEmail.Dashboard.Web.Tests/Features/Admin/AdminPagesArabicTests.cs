using Bunit;
using ForwardEmail.Dashboard.Core.Domain;
using ForwardEmail.Dashboard.Web.Features.Admin.Aliases;
using ForwardEmail.Dashboard.Web.Features.Admin.Audit;
using ForwardEmail.Dashboard.Web.Features.Admin.Contributors;

namespace ForwardEmail.Dashboard.Web.Tests.Features.Admin;

/// <summary>The admin pages in Arabic: translated text, while addresses and usernames stay left-to-right.</summary>
public sealed class AdminPagesArabicTests() : AdminConsoleTestContext("ar")
{
    [Fact]
    public async Task The_pages_render_in_arabic_with_addresses_left_to_right()
    {
        var me = await SignInAsAsync("ada-admin", DashboardRole.Admin);
        await using (var db = CreateDb())
        {
            var ubuntu = db.Domains.Single(d => d.Name == "ubuntu.com");
            db.Aliases.Add(new Alias { DomainId = ubuntu.Id, Name = "ada-admin", OwnerId = me.Id, Recipients = ["ada@example.org"], CreatedAt = Now, UpdatedAt = Now });
            await db.SaveChangesAsync();
        }

        var aliases = Render<AliasesPage>();
        aliases.WaitForAssertion(() => Assert.Equal("العناوين البديلة", aliases.Find("h1").TextContent));
        var address = aliases.Find("[data-address='ada-admin@ubuntu.com'] bdi");
        Assert.Equal(("ltr", "ada-admin@ubuntu.com"), (address.GetAttribute("dir"), address.TextContent));
        Assert.Equal("إنشاء عنوان يدوي", aliases.Find("[data-testid=manual-alias] h2").TextContent);

        var contributors = Render<ContributorsPage>();
        contributors.WaitForAssertion(() => Assert.Equal("المساهمون", contributors.Find("h1").TextContent));
        Assert.Equal("ltr", contributors.Find("[data-testid=contributor-link] bdi").GetAttribute("dir"));

        var audit = Render<AuditPage>();
        audit.WaitForAssertion(() => Assert.Equal("سجل التدقيق", audit.Find("h1").TextContent));
        Assert.Equal("لا توجد إدخالات مطابقة.", audit.Find("[data-testid=no-entries]").TextContent);
    }
}
