namespace ForwardEmail.Dashboard.TestFixtures;

/// <summary>The real-format Launchpad payloads in tests/fixtures/launchpad (copies of the specification's samples).</summary>
internal static class LaunchpadFixtures
{
    public static readonly Uri ProductionBase = new("https://api.launchpad.net/1.0/");

    public static string Directory { get; } = Locate();

    public static byte[] Read(string file) => File.ReadAllBytes(Path.Combine(Directory, file));

    private static string Locate()
    {
        var fixtures = RepositoryPaths.Combine("tests", "fixtures", "launchpad");
        return System.IO.Directory.Exists(fixtures)
            ? fixtures
            : throw new DirectoryNotFoundException($"The Launchpad fixtures are missing: {fixtures}");
    }
}
