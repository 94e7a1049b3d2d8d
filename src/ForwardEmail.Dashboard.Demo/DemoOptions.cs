namespace ForwardEmail.Dashboard.Demo;

/// <summary>
/// Demo mode: the embedded default's built-in identity provider and directory, and demo data.
/// Off unless configured; never enable it on a production instance.
/// </summary>
public sealed class DemoOptions
{
    public const string SectionName = "Demo";

    public bool Enabled { get; set; }

    /// <summary>Where the in-app demo directory is served; the directory client's base URL points here in demo mode.</summary>
    public string DirectoryPath { get; set; } = "/demo/launchpad/1.0";
}
