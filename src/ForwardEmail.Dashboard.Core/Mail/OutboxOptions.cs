using System.ComponentModel.DataAnnotations;

namespace ForwardEmail.Dashboard.Core.Mail;

/// <summary>How the outbox dispatcher claims and retries messages (configuration section <c>Outbox</c>).</summary>
public sealed class OutboxOptions
{
    public const string SectionName = "Outbox";

    /// <summary>Messages claimed and sent over one SMTP connection. Default 100.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 100;

    /// <summary>
    /// SMTP connections one dispatch run uses side by side, each sending its own batches. Default 1: on SQLite, parallel
    /// sessions wait on the single writer for every "sent" mark (measured slower than one session; docs/benchmarks.md);
    /// on SQL Server more sessions can help a slow SMTP server.
    /// </summary>
    [Range(1, 16)]
    public int Connections { get; set; } = 1;

    /// <summary>
    /// How long a claimed batch belongs to one dispatcher. A dispatcher stops sending when less than three
    /// <c>Smtp:Timeout</c>s of its lease remain, so a lease never lapses while it still sends. Default 5 minutes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00", ParseLimitsInInvariantCulture = true)]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Wait after the first failed attempt; doubled after each further failure up to <see cref="RetryMaxDelay"/>. Default 1 minute.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ParseLimitsInInvariantCulture = true)]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Longest wait between two attempts. Default 1 hour.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00", ParseLimitsInInvariantCulture = true)]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Attempts (transient failures: server down, 4xx) before a message is marked failed and logged. Default 20 (about 15 hours with the default delays).</summary>
    [Range(1, 1000)]
    public int MaxAttempts { get; set; } = 20;

    /// <summary>The delay before attempt <paramref name="failedAttempts"/> + 1.</summary>
    public TimeSpan RetryDelay(int failedAttempts)
    {
        var doublings = Math.Clamp(failedAttempts - 1, 0, 30);
        var delay = RetryBaseDelay * Math.Pow(2, doublings);
        return delay > RetryMaxDelay ? RetryMaxDelay : delay;
    }
}
