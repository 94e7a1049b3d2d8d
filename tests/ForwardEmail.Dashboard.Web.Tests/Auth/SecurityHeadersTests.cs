using ForwardEmail.Dashboard.Web.Hosting;

namespace ForwardEmail.Dashboard.Web.Tests.Auth;

public sealed class SecurityHeadersTests
{
    [Fact]
    public void ContentSecurityPolicy_AllowsScriptsOnlyFromThisSite_AndFormsToTheProvider()
    {
        var policy = SecurityHeaders.ContentSecurityPolicy("https://login.example.org", framedByProvider: false);

        Assert.Equal(
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
            "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self' https://login.example.org; frame-ancestors 'self'",
            policy);
    }

    [Fact]
    public void ContentSecurityPolicy_LetsTheProviderFrameTheFrontChannelSignOut_OnlyWhenAsked()
    {
        Assert.EndsWith("frame-ancestors 'self' https://login.example.org", SecurityHeaders.ContentSecurityPolicy("https://login.example.org", framedByProvider: true), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://login.example.org/realms/ubuntu/", "https://login.example.org")]
    [InlineData("http://127.0.0.1:5000/", "http://127.0.0.1:5000")]
    [InlineData(null, null)]
    [InlineData("not a url", null)]
    public void ProviderOrigin_IsTheSchemeHostAndPortOfTheAuthority(string? authority, string? origin) =>
        Assert.Equal(origin, SecurityHeaders.ProviderOrigin(authority));
}
