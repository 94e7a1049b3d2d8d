using ForwardEmail.Dashboard.Core.Mail;
using ForwardEmail.Dashboard.IntegrationTests.Infrastructure;
using MimeKit;

namespace ForwardEmail.Dashboard.IntegrationTests.Mail;

/// <summary>The embedded default: no SMTP host, so messages become .eml files in the pickup folder.</summary>
public sealed class PickupFolderTests
{
    [Fact]
    public async Task DispatchAsync_WritesOneReadableEmlFilePerMessage_WhenNoSmtpHostIsConfigured()
    {
        await using var host = await ProvisioningTestHost.StartAsync();
        await MailTestHost.AddMessagesAsync(host, 2);

        var result = await host.DispatchAsync();
        var again = await host.DispatchAsync();

        Assert.Equal(new OutboxDispatchResult(2, 0, 0), result);
        Assert.Equal(new OutboxDispatchResult(0, 0, 0), again);
        var folder = Path.Combine(host.Database.Folder, "mail-pickup");
        var rows = await host.OutboxAsync();
        Assert.Equal(rows.Select(m => $"outbox-{m.Id}.eml").Order(StringComparer.Ordinal),
            Directory.EnumerateFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (var row in rows)
        {
            var message = await MimeMessage.LoadAsync(Path.Combine(folder, $"outbox-{row.Id}.eml"));
            Assert.Equal(($"outbox-{row.Id}@example.org", row.Subject, row.Body, "dashboard@example.org", row.To),
                (message.MessageId, message.Subject, message.TextBody?.ReplaceLineEndings("\n"), message.From.Mailboxes.Single().Address, message.To.Mailboxes.Single().Address));
        }
    }
}
