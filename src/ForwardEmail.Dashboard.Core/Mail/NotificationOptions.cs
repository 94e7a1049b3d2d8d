using System.ComponentModel.DataAnnotations;

namespace ForwardEmail.Dashboard.Core.Mail;

/// <summary>Who is told about failures and from which address (configuration section <c>Notifications</c>).</summary>
public sealed class NotificationOptions
{
    public const string SectionName = "Notifications";

    /// <summary>The organisation's team address: receives every failure but <c>banned</c>, once per fingerprint per <see cref="DedupeWindow"/>. Required.</summary>
    [Required(AllowEmptyStrings = false)]
    [EmailAddress]
    public string TeamAddress { get; set; } = "";

    /// <summary>The sender of every notification. Default <c>noreply@localhost</c>; set it in production.</summary>
    [Required(AllowEmptyStrings = false)]
    [EmailAddress]
    public string From { get; set; } = "noreply@localhost";

    /// <summary>How long after emailing the team about one error group a repeat stays silent. Default 24 hours.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan DedupeWindow { get; set; } = TimeSpan.FromHours(24);
}
