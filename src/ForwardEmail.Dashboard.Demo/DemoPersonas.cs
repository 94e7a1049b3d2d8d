using System.Text.Json;
using System.Text.Json.Serialization;

namespace ForwardEmail.Dashboard.Demo;

/// <summary>The personas of Data/personas.json, shared by the demo directory and the demo identity provider.</summary>
public static class DemoPersonas
{
    private static readonly Lazy<IReadOnlyList<DemoPersona>> People = new(() => Read().People);
    private static readonly Lazy<IReadOnlyList<DemoTeam>> AllTeams = new(() => Read().Teams);

    public static IReadOnlyList<DemoPersona> Load() => People.Value;

    public static IReadOnlyList<DemoTeam> Teams() => AllTeams.Value;

    private static PersonasFile Read()
    {
        using var stream = typeof(DemoPersonas).Assembly.GetManifestResourceStream("ForwardEmail.Dashboard.Demo.Data.personas.json")
            ?? throw new InvalidOperationException("Embedded resource Data/personas.json is missing.");
        return JsonSerializer.Deserialize<PersonasFile>(stream, new JsonSerializerOptions(JsonSerializerDefaults.Web))
            ?? throw new InvalidOperationException("Data/personas.json is empty.");
    }

    private sealed record PersonasFile(IReadOnlyList<DemoTeam> Teams, IReadOnlyList<DemoPersona> People);
}

public sealed record DemoTeam(string Name, string DisplayName, IReadOnlyList<string> SubTeams);

/// <param name="Directory">How the directory knows the person: <c>active</c>, <c>suspended</c> (410) or <c>absent</c> (404).</param>
public sealed record DemoPersona(
    string Name,
    string DisplayName,
    string Directory,
    bool IsValid,
    bool IsCocSigner,
    IReadOnlyList<string> Teams,
    DemoSignIn SignIn,
    string Story);

public sealed record DemoSignIn(string Subject, string Email, string Locale, IReadOnlyList<string> Roles, bool Banned = false);
