using Bunit;
using ForwardEmail.Dashboard.Web.Layout;
using ForwardEmail.Dashboard.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;

namespace ForwardEmail.Dashboard.Web.Tests.Features;

public sealed class MainLayoutInArabicTests() : DashboardTestContext("ar")
{
    [Fact]
    public void MainLayout_RendersRightToLeft_InArabic()
    {
        var layout = Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(b => b.AddContent(0, "body"))));

        Assert.NotEmpty(layout.FindAll("[dir=rtl]"));
        Assert.Contains("عناوين البريد المجتمعية", layout.Markup, StringComparison.Ordinal);
    }
}

public sealed class MainLayoutInEnglishTests : DashboardTestContext
{
    [Fact]
    public void MainLayout_RendersLeftToRight_InEnglish()
    {
        var layout = Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(b => b.AddContent(0, "body"))));

        Assert.Empty(layout.FindAll("[dir=rtl]"));
        Assert.Contains("Community email addresses", layout.Markup, StringComparison.Ordinal);
    }
}
