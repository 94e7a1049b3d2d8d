using MimeKit;

namespace ForwardEmail.Dashboard.Core.Mail;

/// <summary>Turns an outbox row into the MIME message that is sent.</summary>
public static class OutboxMail
{
    /// <summary>
    /// <c>outbox-{id}@{sender's domain}</c>: the same row always carries the same Message-ID, so the rare duplicate that
    /// survives a crash (docs/outbox.md) is recognisable as one by mail clients and by support.
    /// </summary>
    public static string MessageId(long outboxId, string from)
    {
        var at = from.LastIndexOf('@');
        var domain = at >= 0 && at < from.Length - 1 ? from[(at + 1)..] : "localhost";
        return $"outbox-{outboxId}@{domain}";
    }

    public static MimeMessage Build(OutboxMessage message, string from)
    {
        var mime = new MimeMessage
        {
            MessageId = MessageId(message.Id, from),
            Date = message.CreatedAt,
            Subject = message.Subject,
            Body = new TextPart("plain") { Text = message.Body },
        };
        mime.From.Add(MailboxAddress.Parse(from));
        mime.To.Add(MailboxAddress.Parse(message.To));
        mime.Headers.Add("X-Dashboard-Kind", message.Kind);
        return mime;
    }
}
