using MimeKit;

namespace ForwardEmail.Dashboard.Core.Mail;

/// <summary>Turns an outbox row into the MIME message that is sent.</summary>
public static class OutboxMail
{
    /// <summary>
    /// <c>outbox-{id}@{sender's domain}</c>: the same row always carries the same Message-ID, so the rare duplicate that
    /// survives a crash (docs/outbox.md) is recognisable as one by mail clients and by support.
    /// </summary>
    public static string MessageId(long outboxId, string from) => $"outbox-{outboxId}@{MessageIdDomain(from)}";

    /// <summary>The domain of <c>Notifications:From</c> (which may carry a display name), or <c>localhost</c>.</summary>
    public static string MessageIdDomain(string from) =>
        MailboxAddress.TryParse(from, out var mailbox) && !string.IsNullOrEmpty(mailbox.Domain) ? mailbox.Domain : "localhost";

    public static MimeMessage Build(OutboxMessage message, string from) => Build(message, MailboxAddress.Parse(from), MessageIdDomain(from));

    /// <summary>The dispatcher's variant: the sender parsed once per batch.</summary>
    public static MimeMessage Build(OutboxMessage message, MailboxAddress from, string messageIdDomain)
    {
        var mime = new MimeMessage
        {
            MessageId = $"outbox-{message.Id}@{messageIdDomain}",
            Date = message.CreatedAt,
            Subject = message.Subject,
            Body = new TextPart("plain") { Text = message.Body },
        };
        mime.From.Add(from);
        // The address was validated when the row was written; no display name to parse.
        mime.To.Add(new MailboxAddress(null, message.To));
        mime.Headers.Add("X-Dashboard-Kind", message.Kind);
        return mime;
    }
}
