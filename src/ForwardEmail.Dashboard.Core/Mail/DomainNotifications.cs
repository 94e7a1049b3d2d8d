namespace ForwardEmail.Dashboard.Core.Mail;

/// <summary>Mail about a domain itself (its DNS), queued in the same transaction as the change it reports.</summary>
public static class DomainNotifications
{
    public const string VerificationLostKind = "domain-verification-lost";

    public static IEnumerable<OutboxMessage> VerificationLost(IEnumerable<string> adminContacts, string domain, string expectedRecord, DateTimeOffset now) =>
        adminContacts.Distinct(StringComparer.OrdinalIgnoreCase).Select(to => new OutboxMessage
        {
            To = to,
            Subject = $"@{domain}: verification record missing, no new addresses",
            Body = $"The DNS TXT record \"{expectedRecord}\" is no longer published at {domain}. Until it is back, the dashboard " +
                   "creates no new addresses on this domain; existing addresses keep forwarding. Publish the record again and " +
                   "use \"Check now\" on the domain's page (or wait for the next scheduled check).\n",
            Kind = VerificationLostKind,
            CreatedAt = now,
        });
}
