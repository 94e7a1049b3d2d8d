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

    /// <summary>Look-alikes that culture-aware folding would turn into the ASCII name beside them.</summary>
    [Theory]
    [InlineData("\u212Awame", "kwame")]      // Kelvin sign
    [InlineData("adm\u0131n", "admin")]      // dotless i
    [InlineData("ADM\u0130N", "admin")]      // capital I with dot above
    [InlineData("\uFF4B\uFF57ame", "kwame")] // fullwidth letters
    [InlineData("\uFF2Bwame", "kwame")]      // fullwidth capital K
    [InlineData("kwa\u0301me", "kwame")]     // combining acute accent
    [InlineData("\u0430mira-h", "amira-h")]  // Cyrillic a
    public void TryNormalize_RejectsLookAlikes_ThatCultureAwareFoldingWouldMatch(string escaped, string imitated)
    {
        var name = System.Text.RegularExpressions.Regex.Unescape(escaped);

        Assert.False(LaunchpadName.TryNormalize(name, out _));
        Assert.NotEqual(imitated, LaunchpadName.FoldCase(name));
    }

    [Fact]
    public void FoldCase_LowercasesAsciiCapitalsOnly()
    {
        Assert.Equal("kwame-\u212A\u0130", LaunchpadName.FoldCase("KWAME-\u212A\u0130"));
    }

    [Fact]
    public void FoldTeamOrPerson_TrimsSpacesAndTheTeamTilde()
    {
        Assert.Equal("ubuntumembers", LaunchpadName.FoldTeamOrPerson("  ~UbuntuMembers "));
    }

    [Fact]
    public void TryNormalize_RejectsNamesLongerThanTheColumns()
    {
        Assert.True(LaunchpadName.TryNormalize(new string('a', LaunchpadName.MaxLength), out _));
        Assert.False(LaunchpadName.TryNormalize(new string('a', LaunchpadName.MaxLength + 1), out _));
    }

    [Fact]
    public void Normalize_LowercasesAsciiCapitals() => Assert.Equal("jdoe-2", LaunchpadName.Normalize("JDoe-2"));

    [Fact]
    public void Normalize_ThrowsInvalidDirectoryName_NamingTheInput()
    {
        var ex = Assert.Throws<InvalidDirectoryNameException>(() => LaunchpadName.Normalize("Bad_Name"));
        Assert.Equal("Bad_Name", ex.Name);
    }
}
