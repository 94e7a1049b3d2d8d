using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ForwardEmail.Dashboard.Core.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;

namespace ForwardEmail.Dashboard.Web.Features.Auth;

/// <summary>Loads (or, on the embedded default, creates once) the certificates that protect the data-protection keys at rest.</summary>
public sealed class DataProtectionCertificates
{
    public const string GeneratedFileName = "dataprotection-keys.pfx";

    private DataProtectionCertificates(X509Certificate2 current, IEnumerable<X509Certificate2> previous)
    {
        Current = current;
        All = [current, .. previous];
    }

    /// <summary>The configured certificate, or on the embedded SQLite default one generated beside the database file.</summary>
    public static DataProtectionCertificates Create(DataProtectionKeyOptions settings, DatabaseOptions database, Action<string> generated)
    {
        X509Certificate2 current;
        if (!string.IsNullOrWhiteSpace(settings.CertificatePath))
        {
            current = Load(settings.CertificatePath, settings.CertificatePassword);
        }
        else
        {
            var path = GeneratedCertificatePath(database)
                ?? throw new InvalidOperationException("a certificate is required when Database:Provider is SqlServer (it encrypts the session keys stored in the database).");
            current = LoadOrCreate(path, generated);
        }

        return new DataProtectionCertificates(current, settings.PreviousCertificates.Select(c => Load(c.Path, c.Password)));
    }

    /// <summary>Encrypts every new key.</summary>
    public X509Certificate2 Current { get; }

    /// <summary>Any of these decrypts a stored key: the current certificate and the previous ones.</summary>
    public IReadOnlyList<X509Certificate2> All { get; }

    /// <summary>Where the embedded default keeps its generated certificate: beside the SQLite file; null for SQL Server.</summary>
    public static string? GeneratedCertificatePath(DatabaseOptions database)
    {
        if (database.Provider != DatabaseProvider.Sqlite)
        {
            return null;
        }

        var dataSource = new SqliteConnectionStringBuilder(database.ConnectionString).DataSource;
        var folder = Path.GetDirectoryName(Path.GetFullPath(string.IsNullOrEmpty(dataSource) ? "dashboard.db" : dataSource))!;
        return Path.Combine(folder, GeneratedFileName);
    }

    public static X509Certificate2 Load(string path, string? password)
    {
        var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, string.IsNullOrEmpty(password) ? null : password);
        if (!certificate.HasPrivateKey || certificate.GetRSAPrivateKey() is null)
        {
            throw new InvalidOperationException($"The certificate '{path}' has no RSA private key.");
        }

        return certificate;
    }

    private static X509Certificate2 LoadOrCreate(string path, Action<string> generated)
    {
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var rsa = RSA.Create(3072);
            var request = new CertificateRequest("CN=ForwardEmail.Dashboard data protection", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.DataEncipherment, critical: true));
            var now = DateTimeOffset.UtcNow;
            using var created = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(30));

            // Written under a temporary name and moved, so a second process starting at the same moment keeps the first file.
            var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            File.WriteAllBytes(temporary, created.Export(X509ContentType.Pkcs12));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            try
            {
                File.Move(temporary, path, overwrite: false);
                generated(path);
            }
            catch (IOException) when (File.Exists(path))
            {
                File.Delete(temporary);
            }
        }

        return Load(path, null);
    }

}

public static class DataProtectionServiceCollectionExtensions
{
    /// <summary>Data-protection keys in the dashboard database, encrypted with <see cref="DataProtectionCertificates.Current"/>.</summary>
    public static IHostApplicationBuilder AddProtectedDataProtectionKeys(this IHostApplicationBuilder builder, string applicationName)
    {
        const string pathKey = $"{DataProtectionKeyOptions.SectionName}:{nameof(DataProtectionKeyOptions.CertificatePath)}";
        var settings = builder.Configuration.GetSection(DataProtectionKeyOptions.SectionName).Get<DataProtectionKeyOptions>() ?? new();
        var database = builder.Configuration.GetSection(DatabaseOptions.SectionName).Get<DatabaseOptions>() ?? new();

        // The data-protection builder needs the certificates now, at registration; a certificate that cannot be had is
        // reported by start-up validation with the other configuration errors instead of a stack trace from here.
        string? failure = null;
        string? generatedAt = null;
        DataProtectionCertificates? certificates = null;
        try
        {
            certificates = DataProtectionCertificates.Create(settings, database, path => generatedAt = path);
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or CryptographicException or UnauthorizedAccessException or ArgumentException)
        {
            failure = ex.Message;
        }

        builder.Services.AddOptions<DataProtectionKeyOptions>().BindConfiguration(DataProtectionKeyOptions.SectionName)
            .Validate(_ => failure is null, $"Configuration key '{pathKey}' is invalid: {failure}")
            .ValidateOnStart();

        var dataProtection = builder.Services.AddDataProtection()
            .SetApplicationName(applicationName)
            .PersistKeysToDbContext<DashboardDbContext>();
        if (generatedAt is not null)
        {
            // No logger exists yet at registration: the first start of the embedded default says it on the console.
            Console.WriteLine($"Generated {generatedAt} to encrypt the data-protection keys; keep it out of database backups, or set {pathKey}.");
        }

        if (certificates is not null)
        {
            builder.Services.AddSingleton(certificates);
            dataProtection.ProtectKeysWithCertificate(certificates.Current).UnprotectKeysWithAnyCertificate([.. certificates.All]);
        }

        return builder;
    }
}
