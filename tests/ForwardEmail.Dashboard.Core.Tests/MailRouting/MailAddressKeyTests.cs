using ForwardEmail.Dashboard.Core.MailRouting;

namespace ForwardEmail.Dashboard.Core.Tests.MailRouting;

public sealed class MailAddressKeyTests
{
    [Theory]
    [InlineData("amira-h@ubuntu.com", "amira-h", "ubuntu.com")]
    [InlineData("Amira-H@UBUNTU.COM", "amira-h", "ubuntu.com")]
    [InlineData("amira-h@ubuntu.com.", "amira-h", "ubuntu.com")]
    [InlineData("\"amira-h\"@ubuntu.com", "amira-h", "ubuntu.com")]
    [InlineData("\"a\\\"b\"@ubuntu.com", "a\"b", "ubuntu.com")]
    [InlineData("\"x@y\"@ubuntu.com", "x@y", "ubuntu.com")]
    public void An_address_is_split_at_the_last_at_and_folded(string key, string local, string domain)
    {
        Assert.True(MailAddressKey.TryParse(key, out var parsedLocal, out var parsedDomain));
        Assert.Equal((local, domain), (parsedLocal, parsedDomain));
    }

    [Theory]
    [InlineData("")]
    [InlineData("amira-h")]
    [InlineData("@ubuntu.com")]
    [InlineData("amira-h@")]
    [InlineData("amira-h@.")]
    public void Keys_that_are_no_address_do_not_parse(string key) =>
        Assert.False(MailAddressKey.TryParse(key, out _, out _));

    [Fact]
    public void A_key_longer_than_any_address_does_not_parse() =>
        Assert.False(MailAddressKey.TryParse(new string('a', MailAddressKey.MaxLength) + "@ubuntu.com", out _, out _));

    [Theory]
    [InlineData("UBUNTU.com.", "ubuntu.com")]
    [InlineData("", null)]
    [InlineData(".", null)]
    public void A_domain_key_is_folded(string key, string? expected) => Assert.Equal(expected, MailAddressKey.FoldDomain(key));
}
