using System.ComponentModel.DataAnnotations;

namespace ForwardEmail.Dashboard.Web.Features.Auth;

/// <summary>
/// The X.509 certificate that encrypts the data-protection master keys (which sign session cookies) before they are
/// written to the database, so a database backup alone cannot mint a session.
/// </summary>
public sealed class DataProtectionKeyOptions
{
    public const string SectionName = "DataProtection";

    /// <summary>
    /// A PKCS#12 (.pfx) file with the private key. Required on SQL Server; on the embedded SQLite default an empty value
    /// means a certificate generated once beside the database file (<c>dataprotection-keys.pfx</c>).
    /// </summary>
    public string? CertificatePath { get; set; }

    /// <summary>The .pfx password; empty for none.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>Certificates that encrypted earlier keys: kept for reading them while they are still in use (rotation).</summary>
    public List<PreviousCertificate> PreviousCertificates { get; set; } = [];

    public sealed class PreviousCertificate
    {
        [Required(AllowEmptyStrings = false)]
        public string Path { get; set; } = "";

        public string? Password { get; set; }
    }
}
