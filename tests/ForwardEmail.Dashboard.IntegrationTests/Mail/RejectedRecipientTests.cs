using ForwardEmail.Dashboard.Core.Mail;
using ForwardEmail.Dashboard.IntegrationTests.Infrastructure;

namespace ForwardEmail.Dashboard.IntegrationTests.Mail;

/// <summary>A recipient the SMTP server refuses for good (smtp-sink answering every RCPT with 550).</summary>
public sealed class RejectedRecipientTests(RejectingSmtpSinkFixture fixture) : IClassFixture<RejectingSmtpSinkFixture>
{
    [Fact]
    public async Task DispatchAsync_MarksTheMessageFailedWithTheServersAnswer_AndLogsItForSupport_WhenTheServerRefusesTheRecipient()
    {
        await using var host = await MailTestHost.StartAsync(fixture.Sink);
        await MailTestHost.AddMessagesAsync(host, 1, kind: "alias-created");

        var result = await host.DispatchAsync();

        // The message, then the team's error report about it (refused too: this sink refuses everyone), then the team's
        // report about that one; the next refusal of the team address is inside the dedupe window and emails nobody.
        Assert.Equal(new OutboxDispatchResult(0, 0, 3), result);
        var message = (await host.OutboxAsync())[0];
        Assert.Equal((null, 1, ProvisioningTestHost.Start, null), (message.SentAt, message.Attempts, message.FailedAt, message.NextAttemptAt));
        Assert.Equal(RejectingSmtpSinkFixture.Answer, message.LastError);

        var error = Assert.Single(await host.ErrorLogAsync(), e => e.Email == "admin0@example.net");
        Assert.Equal(("mail-failed", "mail", false, "admin0@example.net"), (error.Kind, error.Step, error.IsTransient, error.Email));
        Assert.Equal($"Notification alias-created to admin0@example.net (outbox {message.Id}, \"Message 0\") was not delivered, the server refused it: {RejectingSmtpSinkFixture.Answer}",
            error.Message);
        // Support is told through the team address too (once per dedupe window).
        Assert.Equal(2, (await host.OutboxAsync()).Count(m => m.To == ProvisioningTestHost.TeamAddress && m.Kind == OutboxKinds.ErrorReport));
    }

    [Fact]
    public async Task DispatchAsync_NeverRetriesAPermanentlyRefusedMessage()
    {
        await using var host = await MailTestHost.StartAsync(fixture.Sink);
        await MailTestHost.AddMessagesAsync(host, 1);
        await host.DispatchAsync();

        host.Advance(TimeSpan.FromHours(2));
        await host.DispatchAsync();

        var message = (await host.OutboxAsync())[0];
        Assert.Equal((1, ProvisioningTestHost.Start), (message.Attempts, message.FailedAt));
        Assert.Equal(1, Assert.Single(await host.ErrorLogAsync(), e => e.Email == "admin0@example.net").Count);
    }
}
