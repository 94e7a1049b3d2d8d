using System.Collections;
using System.Reflection;
using System.Text.Json;
using ForwardEmail.Dashboard.Core.Data;
using ForwardEmail.Dashboard.Demo;
using ForwardEmail.Dashboard.Web.Features.Auth;

namespace ForwardEmail.Dashboard.IntegrationTests.Foundation;

/// <summary>
/// appsettings.sample.json is the operator's reference: every setting of every options class appears in it, so a
/// new option cannot ship undocumented.
/// </summary>
public sealed class SampleSettingsTests
{
    /// <summary>Every class with a <c>SectionName</c> constant in the app's assemblies is bound from configuration.</summary>
    public static TheoryData<string> OptionsClasses()
    {
        var data = new TheoryData<string>();
        foreach (var type in OptionsTypes)
        {
            data.Add(type.FullName!);
        }

        return data;
    }

    [Fact]
    public void AllTheOptionsClassesAreFound() => Assert.True(OptionsTypes.Count >= 8);

    [Theory]
    [MemberData(nameof(OptionsClasses))]
    public void EverySettingIsDocumented(string typeName)
    {
        var type = OptionsTypes.Single(t => t.FullName == typeName);
        var section = (string)type.GetField("SectionName")!.GetRawConstantValue()!;
        using var sample = JsonDocument.Parse(File.ReadAllText(SamplePath()),
            new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });

        var missing = Keys(type, section).Where(key => !Exists(sample.RootElement, key)).ToList();

        Assert.True(missing.Count == 0, "Missing from appsettings.sample.json: " + string.Join(", ", missing));
    }

    /// <summary>Found once: each nested property is checked against the list.</summary>
    private static readonly IReadOnlyList<Type> OptionsTypes =
    [
        .. new[] { typeof(DatabaseOptions).Assembly, typeof(DemoOptions).Assembly, typeof(OidcOptions).Assembly }
            .SelectMany(a => a.GetTypes())
            .Where(t => t.IsClass && t.GetField("SectionName", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true })
            .OrderBy(t => t.FullName, StringComparer.Ordinal),
    ];

    /// <summary>The configuration keys of a class: its settable properties, nested classes read key by key.</summary>
    private static IEnumerable<string> Keys(Type type, string prefix)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod?.IsPublic == true))
        {
            var key = prefix + ":" + property.Name;
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (propertyType.IsClass && propertyType != typeof(string) && !typeof(IEnumerable).IsAssignableFrom(propertyType)
                && !OptionsTypes.Contains(propertyType))
            {
                foreach (var nested in Keys(propertyType, key))
                {
                    yield return nested;
                }
            }
            else if (!OptionsTypes.Contains(propertyType))
            {
                yield return key;
            }
        }
    }

    private static bool Exists(JsonElement root, string key)
    {
        var element = root;
        foreach (var segment in key.Split(':'))
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            var match = element.EnumerateObject().FirstOrDefault(p => string.Equals(p.Name, segment, StringComparison.OrdinalIgnoreCase));
            if (match.Value.ValueKind == JsonValueKind.Undefined)
            {
                return false;
            }

            element = match.Value;
        }

        return true;
    }

    private static string SamplePath() => RepositoryPaths.Combine("appsettings.sample.json");
}
