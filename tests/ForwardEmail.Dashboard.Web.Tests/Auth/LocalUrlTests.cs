using ForwardEmail.Dashboard.Web.Hosting;

namespace ForwardEmail.Dashboard.Web.Tests.Auth;

public sealed class LocalUrlTests
{
    [Theory]
    [InlineData("/")]
    [InlineData("/my-addresses")]
    [InlineData("/admin/roles?tab=2#x")]
    [InlineData("/caf%C3%A9")]
    public void OrHome_KeepsAPathOnThisSite(string url) => Assert.Equal(url, LocalUrl.OrHome(url));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("/\t/evil.example")]
    [InlineData("/\r\nSet-Cookie: x=y")]
    [InlineData("/caf\u00e9")]
    [InlineData("/\u20ac")]
    [InlineData("/a b")]
    [InlineData("my-addresses")]
    public void OrHome_SendsAnythingElseHome(string? url) => Assert.Equal("/", LocalUrl.OrHome(url));

    [Fact]
    public void OrHome_SendsAnOversizedUrlHome() => Assert.Equal("/", LocalUrl.OrHome("/" + new string('a', 3000)));
}
