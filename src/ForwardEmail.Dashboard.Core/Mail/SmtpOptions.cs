using System.ComponentModel.DataAnnotations;

namespace ForwardEmail.Dashboard.Core.Mail;

/// <summary>How the outbox reaches a mail server (configuration section <c>Smtp</c>). Without a host, mail goes to <see cref="PickupFolder"/>.</summary>
public sealed class SmtpOptions : IValidatableObject
{
    public const string SectionName = "Smtp";

    /// <summary>The SMTP server. Empty (the embedded default) writes every message as an <c>.eml</c> file into <see cref="PickupFolder"/> instead.</summary>
    public string? Host { get; set; }

    /// <summary>Default 587 (submission with STARTTLS); 465 with <c>Implicit</c>, 25 for a relay on the local network.</summary>
    [Range(1, 65535)]
    public int Port { get; set; } = 587;

    /// <summary><c>StartTls</c> (default: the server must offer STARTTLS), <c>Implicit</c> (TLS from the first byte, port 465) or <c>None</c> (only on a trusted network or loopback).</summary>
    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    /// <summary>Optional; with <see cref="Password"/> the client authenticates after connecting.</summary>
    public string? UserName { get; set; }

    /// <summary>Set through an environment variable or a secret store (<c>Smtp__Password</c>), never in a committed file.</summary>
    public string? Password { get; set; }

    /// <summary>Limit for connecting and for each SMTP command. Default 30 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00", ParseLimitsInInvariantCulture = true)]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Where messages are written when <see cref="Host"/> is empty; relative to the working directory. Default <c>data/mail-pickup</c>.</summary>
    [Required(AllowEmptyStrings = false)]
    public string PickupFolder { get; set; } = "data/mail-pickup";

    public bool UsesSmtp => !string.IsNullOrWhiteSpace(Host);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrEmpty(UserName) != string.IsNullOrEmpty(Password))
        {
            yield return new ValidationResult("must be set together with Smtp:Password (or both left empty).", [nameof(UserName)]);
        }

        if (!Enum.IsDefined(Security))
        {
            yield return new ValidationResult("must be None, StartTls or Implicit.", [nameof(Security)]);
        }
    }
}

public enum SmtpSecurity
{
    None,
    StartTls,
    Implicit,
}
