using MimeKit;

namespace ForwardEmail.Dashboard.Core.Mail;

/// <summary>Where outbox messages go: an SMTP server (<see cref="SmtpMailDelivery"/>) or a pickup folder (<see cref="PickupFolderMailDelivery"/>).</summary>
public interface IMailDelivery
{
    /// <summary>For logs and health: e.g. <c>SMTP smtp.example.org:587 (StartTls)</c> or <c>pickup folder /srv/data/mail-pickup</c>.</summary>
    string Description { get; }

    /// <summary>Opens one connection, used for a whole batch.</summary>
    /// <exception cref="MailDeliveryException">The server cannot be reached or refused the session (always transient).</exception>
    Task<IMailConnection> ConnectAsync(CancellationToken cancellationToken);

    /// <summary>For the health check: connects, greets (EHLO) and leaves.</summary>
    /// <exception cref="MailDeliveryException">The server cannot be reached.</exception>
    Task CheckAsync(CancellationToken cancellationToken);
}

public interface IMailConnection : IAsyncDisposable
{
    /// <exception cref="MailDeliveryException">The message was not accepted; <see cref="MailDeliveryException.IsPermanent"/> says whether a retry can help.</exception>
    Task SendAsync(MimeMessage message, CancellationToken cancellationToken);
}

/// <summary>A message or session the mail server did not accept.</summary>
/// <param name="message">The server's answer (e.g. <c>550 5.1.1 Recipient address rejected</c>) or the connection error.</param>
/// <param name="isPermanent">A 5xx answer: sending the same message again would be refused again.</param>
/// <param name="connectionLost">The connection is unusable: the rest of the batch waits for the next run.</param>
public sealed class MailDeliveryException(string message, bool isPermanent, bool connectionLost, Exception? innerException = null)
    : Exception(message, innerException)
{
    public bool IsPermanent { get; } = isPermanent;
    public bool ConnectionLost { get; } = connectionLost;
}
