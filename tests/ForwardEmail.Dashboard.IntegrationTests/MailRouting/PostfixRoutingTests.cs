using System.Globalization;
using ForwardEmail.Dashboard.IntegrationTests.Infrastructure;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace ForwardEmail.Dashboard.IntegrationTests.MailRouting;

/// <summary>
/// Once per class: the dashboard's provisioning stack with the socketmap server, a private Postfix instance whose
/// virtual_alias_domains and virtual_alias_maps ask it, and an smtp-sink Postfix relays everything to.
/// </summary>
public sealed class PostfixRoutingFixture : IAsyncLifetime
{
    public ProvisioningTestHost Host { get; private set; } = null!;
    public PostfixInstance Postfix { get; private set; } = null!;
    public SmtpSink Sink { get; private set; } = null!;
    public int AmiraId { get; private set; }

    public async Task InitializeAsync()
    {
        Sink = await SmtpSink.StartAsync();
        Host = await MailRoutingTestHost.StartAsync(d =>
        {
            d.AddPerson("amira-h");
            d.AddToTeam("amira-h", "ubuntumembers");
        });
        AmiraId = await Host.AddContributorAsync("amira-h", "amira@example.org");
        Assert.Null((await Host.ProvisionAsync(AmiraId)).Error);
        await Host.AddAliasAsync("council", "ubuntu.com", enabled: true, "council-members@example.org");
        await Host.AddAliasAsync("gone", "ubuntu.com", enabled: false, "gone@example.org");

        var port = Host.Port().ToString(CultureInfo.InvariantCulture);
        Postfix = await PostfixInstance.StartAsync(Sink.Port,
        [
            // The lines docs/mail-routing.md gives operators.
            $"virtual_alias_domains = socketmap:inet:127.0.0.1:{port}:domains",
            $"virtual_alias_maps = socketmap:inet:127.0.0.1:{port}:aliases",
        ]);
    }

    public async Task DisposeAsync()
    {
        await Postfix.DisposeAsync();
        await Host.DisposeAsync();
        await Sink.DisposeAsync();
    }
}

/// <summary>Real Postfix resolving our aliases through the socketmap service (issue 16).</summary>
public sealed class PostfixRoutingTests(PostfixRoutingFixture fixture) : IClassFixture<PostfixRoutingFixture>
{
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Mail_to_an_enabled_alias_is_delivered_to_its_recipient()
    {
        var subject = await SendAsync("council@ubuntu.com");

        var delivered = await WaitForDeliveryAsync(subject);
        Assert.Equal(["council-members@example.org"], Recipients(delivered));
    }

    [Theory]
    [InlineData("gone@ubuntu.com")]       // disabled alias
    [InlineData("nobody@ubuntu.com")]     // unknown address of our domain
    [InlineData("COUNCIL@kubuntu.org")]   // our domain, alias only exists on another one
    public async Task Mail_to_an_address_of_ours_without_an_enabled_alias_is_refused_at_RCPT(string recipient)
    {
        var refused = await Assert.ThrowsAsync<SmtpCommandException>(() => SendAsync(recipient));

        Assert.Equal(SmtpErrorCode.RecipientNotAccepted, refused.ErrorCode);
        Assert.InRange((int)refused.StatusCode, 500, 599);
        Assert.Contains("User unknown in virtual alias table", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_recipient_change_through_provisioning_takes_effect_for_the_next_message_without_restarting_Postfix()
    {
        var first = await SendAsync("amira-h@ubuntu.com");
        Assert.Equal(["amira@example.org"], Recipients(await WaitForDeliveryAsync(first)));

        await fixture.Host.WithDbAsync(async db =>
        {
            var contributor = await db.Contributors.SingleAsync(c => c.Id == fixture.AmiraId);
            contributor.Email = "amira@new.example.net";
            await db.SaveChangesAsync();
        });
        Assert.Null((await fixture.Host.ProvisionAsync(fixture.AmiraId)).Error);

        var second = await SendAsync("amira-h@ubuntu.com");
        Assert.Equal(["amira@new.example.net"], Recipients(await WaitForDeliveryAsync(second)));
    }

    /// <summary>The delivered RCPT addresses; Postfix adds <c>ORCPT=rfc822;&lt;the alias&gt;</c>, which smtp-sink records too.</summary>
    private static List<string> Recipients(ReceivedMail mail) => [.. mail.EnvelopeRecipients.Select(r => r.Split('>')[0].TrimStart('<'))];

    /// <summary>Sends one message to Postfix's smtpd; returns its unique subject to find it at the sink.</summary>
    private async Task<string> SendAsync(string recipient)
    {
        var subject = "routing test " + Guid.NewGuid().ToString("N");
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse("sender@example.org"));
        message.To.Add(MailboxAddress.Parse(recipient));
        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = "Hello through the alias.\n" };

        using var smtp = new SmtpClient { Timeout = 30_000 };
        await smtp.ConnectAsync("127.0.0.1", fixture.Postfix.SmtpPort, SecureSocketOptions.None);
        try
        {
            await smtp.SendAsync(message);
        }
        finally
        {
            await smtp.DisconnectAsync(quit: true);
        }

        return subject;
    }

    private async Task<ReceivedMail> WaitForDeliveryAsync(string subject)
    {
        var deadline = DateTime.UtcNow + DeliveryTimeout;
        while (DateTime.UtcNow < deadline)
        {
            var delivered = fixture.Sink.Received().FirstOrDefault(m => m.Message.Subject == subject);
            if (delivered is not null)
            {
                return delivered;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Not delivered within {DeliveryTimeout}: {subject}\n{fixture.Postfix.Log()}");
    }
}
