using System.Xml.Linq;

namespace ForwardEmail.Dashboard.Web.Tests.Localization;

/// <summary>
/// Every English resource has an Arabic and a Thai translation with the same keys and the same placeholders:
/// a missing key would silently fall back to English in the middle of a right-to-left page.
/// </summary>
public sealed class ResourceCompletenessTests
{
    private static readonly string[] Translations = ["ar", "th"];

    public static TheoryData<string> NeutralResources()
    {
        var data = new TheoryData<string>();
        foreach (var file in System.IO.Directory.EnumerateFiles(RepositoryPaths.Combine("src"), "*.resx", SearchOption.AllDirectories)
                     .Where(f => Path.GetFileNameWithoutExtension(f).IndexOf('.') < 0)
                     .Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(RepositoryPaths.Root, file));
        }

        return data;
    }

    [Fact]
    public void TheSourceTreeHasResources() => Assert.True(NeutralResources().Count >= 10);

    [Theory]
    [MemberData(nameof(NeutralResources))]
    public void EachTranslation_HasTheSameKeysAndPlaceholders(string neutralPath)
    {
        var neutral = Read(Path.Combine(RepositoryPaths.Root, neutralPath));
        foreach (var culture in Translations)
        {
            var translatedPath = Path.ChangeExtension(Path.Combine(RepositoryPaths.Root, neutralPath), null) + "." + culture + ".resx";
            Assert.True(File.Exists(translatedPath), $"{neutralPath}: no {culture} translation");
            var translated = Read(translatedPath);

            Assert.Equal(neutral.Keys.Order(StringComparer.Ordinal), translated.Keys.Order(StringComparer.Ordinal));
            foreach (var (key, text) in neutral)
            {
                Assert.False(string.IsNullOrWhiteSpace(translated[key]), $"{neutralPath} [{culture}] {key} is empty");
                Assert.Equal(Placeholders(text), Placeholders(translated[key]));
            }
        }
    }

    private static Dictionary<string, string> Read(string path) =>
        XDocument.Load(path).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "", StringComparer.Ordinal);

    private static string[] Placeholders(string text) =>
        [.. System.Text.RegularExpressions.Regex.Matches(text, @"\{(\d+)[^}]*\}").Select(m => m.Groups[1].Value).Distinct().Order(StringComparer.Ordinal)];
}
