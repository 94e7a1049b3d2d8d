using System.Runtime.CompilerServices;

namespace ForwardEmail.Dashboard.TestFixtures;

/// <summary>
/// Files of the repository itself (sources, fixtures, the sample settings), found from this source file rather than
/// the build output, which may live elsewhere (e.g. --artifacts-path).
/// </summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = Locate();

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string Locate([CallerFilePath] string sourceFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(sourceFile)!, "..", ".."));
}
