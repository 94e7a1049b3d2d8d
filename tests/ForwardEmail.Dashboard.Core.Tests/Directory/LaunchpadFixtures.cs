using System.Runtime.CompilerServices;

namespace ForwardEmail.Dashboard.Core.Tests.DirectoryClient;

/// <summary>The real-format payloads in ../shared/launchpad, read where they are (never copied).</summary>
internal static class LaunchpadFixtures
{
    public static readonly Uri ProductionBase = new("https://api.launchpad.net/1.0/");

    public static string Directory { get; } = Locate();

    public static byte[] Read(string file) => File.ReadAllBytes(Path.Combine(Directory, file));

    // Walks up from this source file (the build output may live elsewhere, e.g. --artifacts-path) to the solution.
    private static string Locate([CallerFilePath] string sourceFile = "")
    {
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(sourceFile)!); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ForwardEmail.Dashboard.sln")))
            {
                var fixtures = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "launchpad"));
                return System.IO.Directory.Exists(fixtures)
                    ? fixtures
                    : throw new DirectoryNotFoundException($"The Launchpad fixtures are missing: {fixtures}");
            }
        }

        throw new DirectoryNotFoundException($"ForwardEmail.Dashboard.sln not found above {sourceFile}");
    }
}
