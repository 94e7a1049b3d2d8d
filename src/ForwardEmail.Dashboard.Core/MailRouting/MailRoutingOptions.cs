using System.ComponentModel.DataAnnotations;

namespace ForwardEmail.Dashboard.Core.MailRouting;

/// <summary>
/// The socketmap lookup service Postfix asks for aliases and domains (configuration section <c>MailRouting</c>,
/// docs/mail-routing.md). Off by default: a dashboard without a mail server of its own has nothing to answer.
/// </summary>
public sealed class MailRoutingOptions : IValidatableObject
{
    public const string SectionName = "MailRouting";

    /// <summary>Postfix's socketmap client refuses longer replies, so no reply may exceed this.</summary>
    public const int MaxReplyLength = 100_000;

    public bool Enabled { get; set; }

    /// <summary>IP address to listen on; loopback by default because the protocol has no authentication.</summary>
    [Required(AllowEmptyStrings = false)]
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>TCP port; 0 picks a free one (tests). Ignored when <see cref="UnixSocketPath"/> is set.</summary>
    [Range(0, 65535)]
    public int Port { get; set; } = 10027;

    /// <summary>Listen on this Unix domain socket instead of TCP (Postfix: <c>socketmap:unix:PATH:aliases</c>).</summary>
    public string? UnixSocketPath { get; set; }

    /// <summary>Open connections at once; every Postfix process (smtpd, cleanup, …) keeps one of its own.</summary>
    [Range(1, 10_000)]
    public int MaxConnections { get; set; } = 200;

    /// <summary>The longest request accepted; a longer one closes the connection with <c>PERM</c>.</summary>
    [Range(64, MaxReplyLength)]
    public int MaxRequestLength { get; set; } = 10_000;

    /// <summary>From a request's first byte to its answer, the database lookup included.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00", ParseLimitsInInvariantCulture = true)]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a connection may sit between requests before it is closed (Postfix reconnects when it needs to).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ParseLimitsInInvariantCulture = true)]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long an answer is reused without asking the database. Changes made in this process clear the cache at once;
    /// this bounds how long a change made by another process (the web host, when this runs on its own) takes to show.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00", ParseLimitsInInvariantCulture = true)]
    public TimeSpan CacheLifetime { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Alias answers kept at most; beyond this the cache starts again empty (100,000 aliases fit by default).</summary>
    [Range(100, 10_000_000)]
    public int MaxCachedAnswers { get; set; } = 200_000;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(UnixSocketPath) && !System.Net.IPAddress.TryParse(ListenAddress, out _))
        {
            yield return new ValidationResult("must be an IP address such as 127.0.0.1.", [nameof(ListenAddress)]);
        }
    }
}
