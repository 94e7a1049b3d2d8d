using System.ComponentModel.DataAnnotations;

namespace ForwardEmail.Dashboard.Demo;

/// <summary>
/// Demo mode: the embedded default's built-in identity provider and directory, and demo data.
/// Off unless configured; never enable it on a production instance.
/// </summary>
public sealed class DemoOptions
{
    public const string SectionName = "Demo";

    public bool Enabled { get; set; }

    /// <summary>
    /// The second switch demo mode needs outside the Development environment (e.g. a public demo server). Without it, a
    /// demo left on by mistake in production stops start-up instead of letting anyone sign in as an admin persona.
    /// </summary>
    public bool AllowOutsideDevelopment { get; set; }

    /// <summary>Where the in-app demo directory is served; the directory client's base URL points here in demo mode.</summary>
    public string DirectoryPath { get; set; } = "/demo/launchpad/1.0";

    /// <summary>
    /// The demo identity provider's issuer: the app's own base URL, as the browser reaches it. Default <c>http://localhost:5000/</c>.
    /// The dashboard's <c>Authentication:Oidc:Authority</c> defaults to it in demo mode.
    /// </summary>
    [Required(AllowEmptyStrings = false)]
    [Url]
    public string IdentityIssuer { get; set; } = "http://localhost:5000/";

    /// <summary>Folder of the demo identity provider's own SQLite store (<c>demo-identity.db</c>). Default <c>data</c>, beside the main database.</summary>
    [Required(AllowEmptyStrings = false)]
    public string DataFolder { get; set; } = "data";
}
