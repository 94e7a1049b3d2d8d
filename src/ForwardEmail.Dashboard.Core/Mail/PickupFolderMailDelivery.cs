using Microsoft.Extensions.Options;
using MimeKit;

namespace ForwardEmail.Dashboard.Core.Mail;

/// <summary>
/// The embedded default: each message becomes <c>&lt;Message-ID local part&gt;.eml</c> in a folder (readable by any mail client),
/// written to a temporary name and then renamed, so a reader never sees half a message and a re-send overwrites rather than duplicates.
/// </summary>
public sealed class PickupFolderMailDelivery(IOptions<SmtpOptions> options) : IMailDelivery
{
    public string Folder => Path.GetFullPath(options.Value.PickupFolder);

    public string Description => $"pickup folder {Folder}";

    public Task<IMailConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(Folder);
        return Task.FromResult<IMailConnection>(new Connection(Folder));
    }

    public Task CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            System.IO.Directory.CreateDirectory(Folder);
            return Task.CompletedTask;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new MailDeliveryException($"Cannot create {Folder}: {ex.Message}", isPermanent: false, connectionLost: true, ex);
        }
    }

    private sealed class Connection(string folder) : IMailConnection
    {
        public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
        {
            var name = FileName(message.MessageId ?? Guid.NewGuid().ToString("N"));
            var target = Path.Combine(folder, name + ".eml");
            var temporary = Path.Combine(folder, $".{name}.{Guid.NewGuid():N}.tmp");
            try
            {
                await using (var stream = File.Create(temporary))
                {
                    await message.WriteToAsync(stream, cancellationToken);
                }

                File.Move(temporary, target, overwrite: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                File.Delete(temporary);
                throw new MailDeliveryException($"Cannot write {target}: {ex.Message}", isPermanent: false, connectionLost: true, ex);
            }
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;

        private static string FileName(string messageId)
        {
            var local = messageId.Split('@')[0];
            return string.Concat(local.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' ? c : '_'));
        }
    }
}
