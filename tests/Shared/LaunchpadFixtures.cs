using System.Runtime.CompilerServices;

namespace ForwardEmail.Dashboard.TestFixtures;

/// <summary>The real-format Launchpad payloads in tests/fixtures/launchpad (copies of the specification's samples).</summary>
internal static class LaunchpadFixtures
{
    public static readonly Uri ProductionBase = new("https://api.launchpad.net/1.0/");

    public static string Directory { get; } = Locate();

    public static byte[] Read(string file) => File.ReadAllBytes(Path.Combine(Directory, file));

    // Found from this source file, not the build output, which may live elsewhere (e.g. --artifacts-path).
    private static string Locate([CallerFilePath] string sourceFile = "")
    {
        var fixtures = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(sourceFile)!, "..", "fixtures", "launchpad"));
        return System.IO.Directory.Exists(fixtures)
            ? fixtures
            : throw new DirectoryNotFoundException($"The Launchpad fixtures are missing: {fixtures}");
    }
}
