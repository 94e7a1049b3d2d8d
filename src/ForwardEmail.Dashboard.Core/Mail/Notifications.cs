using System.Globalization;
using System.Text;

namespace ForwardEmail.Dashboard.Core.Mail;

/// <summary>
/// The texts of every notification the provisioning flow queues in the outbox. Messages are built here and added to the
/// caller's <see cref="Data.DashboardDbContext"/>, so they commit in the same transaction as the change they describe.
/// </summary>
public static class Notifications
{
    public static string AliasCreatedSubject(string domain) => $"New @{domain} email address created";

    public static IEnumerable<OutboxMessage> AliasCreated(
        IEnumerable<string> adminContacts, string address, string domain, string contributorEmail, string? disabledReason, DateTimeOffset now)
    {
        var body = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"The address {address} was created and forwards to {contributorEmail}.\n");
        if (disabledReason is not null)
        {
            body.Append(CultureInfo.InvariantCulture, $"It was created disabled ({disabledReason}): the contributor's email is the alias itself, so mail would loop.\n");
        }

        return To(adminContacts, AliasCreatedSubject(domain), body.ToString(), OutboxKinds.AliasCreated, now);
    }

    public static IEnumerable<OutboxMessage> AliasUpdated(
        IEnumerable<string> adminContacts, string address, string domain, IReadOnlyList<string> changes, DateTimeOffset now)
    {
        var body = new StringBuilder().Append(CultureInfo.InvariantCulture, $"The address {address} was updated:\n");
        foreach (var change in changes)
        {
            body.Append("- ").Append(change).Append('\n');
        }

        return To(adminContacts, $"@{domain} email address updated: {address}", body.ToString(), OutboxKinds.AliasUpdated, now);
    }

    public static IEnumerable<OutboxMessage> AliasPendingRemoval(
        IEnumerable<string> recipients, string address, string reason, DateTimeOffset disableAt, DateTimeOffset now) =>
        To(recipients, $"{address} will be disabled on {disableAt:yyyy-MM-dd}",
            $"The address {address} no longer qualifies ({reason}). It keeps forwarding until {disableAt:yyyy-MM-dd HH:mm} UTC and is then disabled, not deleted. " +
            "Rejoining the team or fixing the account before then keeps it; afterwards it is re-enabled on the next sync.\n",
            OutboxKinds.AliasPendingRemoval, now);

    public static IEnumerable<OutboxMessage> AliasDisabled(IEnumerable<string> recipients, string address, string reason, DateTimeOffset now) =>
        To(recipients, $"{address} has been disabled",
            $"The address {address} has been disabled ({reason}). It is not deleted and stays reserved to its owner; it is re-enabled once they qualify again.\n",
            OutboxKinds.AliasDisabled, now);

    public static OutboxMessage ErrorReport(string teamAddress, ErrorLogEntry entry, DateTimeOffset now) => new()
    {
        To = teamAddress,
        Subject = $"Provisioning error {entry.Kind}: {entry.Username ?? entry.Subject ?? "unknown user"}",
        Body = string.Create(CultureInfo.InvariantCulture,
            $"Kind: {entry.Kind}\nStep: {entry.Step}\nUser: {entry.Username}\nEmail: {entry.Email}\nSubject: {entry.Subject}\n" +
            $"Transient: {entry.IsTransient}\nSeen: {entry.Count} time(s), last {entry.LastSeenAt:u}\n\n{entry.Message}\n"),
        Kind = OutboxKinds.ErrorReport,
        CreatedAt = now,
    };

    public static IEnumerable<OutboxMessage> RemovalReview(
        IEnumerable<string> adminContacts, string domain, string team, string reason, int affected, int enabled, DateTimeOffset now) =>
        To(adminContacts, $"@{domain}: removals held, please confirm",
            string.Create(CultureInfo.InvariantCulture,
                $"The reconciliation would have disabled or scheduled for removal {affected} of {enabled} enabled @{domain} aliases " +
                $"(team ~{team}, {reason}). This looks like a directory fault, so nothing was disabled. Confirm or dismiss the pending removals in the console.\n"),
            OutboxKinds.RemovalReview, now);

    /// <summary>One message to one admin contact listing every alias a reconciliation created or changed on the domain.</summary>
    public static OutboxMessage AliasDigest(string to, string domain, IReadOnlyCollection<string> addresses, IEnumerable<string> bodies, DateTimeOffset now)
    {
        var body = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"The reconciliation created or changed {addresses.Count} @{domain} email addresses:\n\n");
        foreach (var text in bodies)
        {
            body.Append("- ").Append(text.TrimEnd('\n').Replace("\n", "\n  ", StringComparison.Ordinal)).Append('\n');
        }

        return new OutboxMessage
        {
            To = to,
            Subject = string.Create(CultureInfo.InvariantCulture, $"@{domain}: {addresses.Count} email addresses created or changed"),
            Body = body.ToString(),
            Kind = OutboxKinds.AliasDigest,
            CreatedAt = now,
        };
    }

    public static IEnumerable<OutboxMessage> TeamListingFault(
        IEnumerable<string> adminContacts, string domain, string team, string fault, DateTimeOffset now) =>
        To(adminContacts, $"@{domain}: the directory listing of ~{team} could not be used",
            $"The reconciliation could not use the directory's participants listing of ~{team}: {fault}\n" +
            $"Nothing was created or removed on @{domain} this time; the other domains were reconciled. " +
            "If the team mapping is wrong, correct it in the console; otherwise the next reconciliation tries again.\n",
            OutboxKinds.TeamListingFault, now);

    private static IEnumerable<OutboxMessage> To(IEnumerable<string> recipients, string subject, string body, string kind, DateTimeOffset now) =>
        recipients.Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(to => new OutboxMessage { To = to, Subject = subject, Body = body, Kind = kind, CreatedAt = now });
}
