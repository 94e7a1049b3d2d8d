using Bunit;
using ForwardEmail.Dashboard.Web.Features.Auth;
using ForwardEmail.Dashboard.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace ForwardEmail.Dashboard.Web.Tests.Auth;

public sealed class SignInFailedPageTests : DashboardTestContext
{
    [Fact]
    public void SignInFailedPage_NamesAnOversizedSubject_AsTheReason()
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo("/account/signin-failed?reason=ClaimTooLong");

        var page = Render<SignInFailedPage>();

        Assert.Equal("ClaimTooLong", page.Find("[data-testid=signin-failed-reason]").GetAttribute("data-reason"));
        Assert.Contains("longer than 255 characters", page.Find("[data-testid=signin-failed-reason]").TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("?reason=Nonsense")]
    [InlineData("?reason=42")]
    public void SignInFailedPage_ShowsTheGeneralMessage_Otherwise(string query)
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo("/account/signin-failed" + query);

        var page = Render<SignInFailedPage>();

        Assert.Contains("The sign-in was cancelled or the identity provider returned an error", page.Find("[data-testid=signin-failed-reason]").TextContent, StringComparison.Ordinal);
    }
}
