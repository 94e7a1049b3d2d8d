using ForwardEmail.Dashboard.Core.Directory;

namespace ForwardEmail.Dashboard.Core.Tests.DirectoryClient;

public sealed class LaunchpadNameTests
{
    [Theory]
    [InlineData("amira-h")]
    [InlineData("a1")]
    [InlineData("0day")]
    [InlineData("j.doe+ubuntu")]
    [InlineData("AMIRA-H")]
    public void IsValid_ReturnsTrue_ForLaunchpadNames(string name) => Assert.True(LaunchpadName.IsValid(name));

    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("-x")]
    [InlineData("+x")]
    [InlineData(".x")]
    [InlineData("Bad_Name")]
    [InlineData("a b")]
    [InlineData("a/b")]
    [InlineData("~team")]
    [InlineData("ab\n")]
    [InlineData("\u212Aate")]
    [InlineData("caf\u00e9")]
    [InlineData(null)]
    public void IsValid_ReturnsFalse_ForAnythingElse(string? name) => Assert.False(LaunchpadName.IsValid(name));

    [Fact]
    public void Normalize_LowercasesAsciiCapitals() => Assert.Equal("jdoe-2", LaunchpadName.Normalize("JDoe-2"));

    [Fact]
    public void Normalize_ThrowsInvalidDirectoryName_NamingTheInput()
    {
        var ex = Assert.Throws<InvalidDirectoryNameException>(() => LaunchpadName.Normalize("Bad_Name"));
        Assert.Equal("Bad_Name", ex.Name);
    }
}
