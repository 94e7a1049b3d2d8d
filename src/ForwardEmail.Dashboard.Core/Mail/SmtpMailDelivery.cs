using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace ForwardEmail.Dashboard.Core.Mail;

/// <summary>Sends over SMTP with MailKit; one <see cref="SmtpClient"/> per batch.</summary>
public sealed class SmtpMailDelivery(IOptions<SmtpOptions> options) : IMailDelivery
{
    public string Description
    {
        get
        {
            var settings = options.Value;
            return $"SMTP {settings.Host}:{settings.Port} ({settings.Security})";
        }
    }

    public async Task<IMailConnection> ConnectAsync(CancellationToken cancellationToken) =>
        new Connection(await OpenAsync(cancellationToken));

    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        using var client = await OpenAsync(cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }

    private async Task<SmtpClient> OpenAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var client = new SmtpClient { Timeout = (int)settings.Timeout.TotalMilliseconds };
        try
        {
            var security = settings.Security switch
            {
                SmtpSecurity.None => SecureSocketOptions.None,
                SmtpSecurity.Implicit => SecureSocketOptions.SslOnConnect,
                _ => SecureSocketOptions.StartTls,
            };
            // ConnectAsync reads the greeting and sends EHLO.
            await client.ConnectAsync(settings.Host ?? "", settings.Port, security, cancellationToken);
            if (!string.IsNullOrEmpty(settings.UserName))
            {
                await client.AuthenticateAsync(settings.UserName, settings.Password ?? "", cancellationToken);
            }

            return client;
        }
        catch (Exception ex) when (IsSessionFailure(ex))
        {
            client.Dispose();
            // Even a 5xx here (e.g. authentication refused) is about the session, not a message: every message waits and retries.
            throw new MailDeliveryException($"Cannot open an SMTP session with {settings.Host}:{settings.Port}: {Answer(ex)}", isPermanent: false, connectionLost: true, ex);
        }
    }

    private static bool IsSessionFailure(Exception ex) =>
        ex is SocketException or IOException or TimeoutException or SmtpCommandException or SmtpProtocolException
            or AuthenticationException or SslHandshakeException or NotSupportedException;

    private static string Answer(Exception ex) => ex switch
    {
        SmtpCommandException command => $"{(int)command.StatusCode} {command.Message}",
        _ => ex.Message,
    };

    private sealed class Connection(SmtpClient client) : IMailConnection
    {
        public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
        {
            try
            {
                await client.SendAsync(message, cancellationToken);
            }
            catch (SmtpCommandException ex)
            {
                // MailKit resets the transaction after a refused command, so the connection serves the next message.
                throw new MailDeliveryException(Answer(ex), isPermanent: (int)ex.StatusCode >= 500, connectionLost: !client.IsConnected, ex);
            }
            catch (Exception ex) when (ex is SocketException or IOException or TimeoutException or SmtpProtocolException or ServiceNotConnectedException)
            {
                throw new MailDeliveryException(ex.Message, isPermanent: false, connectionLost: true, ex);
            }
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (client.IsConnected)
                {
                    using var quit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                    await client.DisconnectAsync(quit: true, quit.Token);
                }
            }
            catch (Exception ex) when (ex is SocketException or IOException or TimeoutException or OperationCanceledException or SmtpProtocolException or SmtpCommandException)
            {
                // Every message of the batch is already marked; a failed QUIT changes nothing.
            }
            finally
            {
                client.Dispose();
            }
        }
    }
}
