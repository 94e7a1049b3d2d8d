using ForwardEmail.Dashboard.Core.Mail;
using ForwardEmail.Dashboard.Core.Domain;
using ForwardEmail.Dashboard.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ForwardEmail.Dashboard.IntegrationTests.Mail;

/// <summary>The outbox dispatcher against Postfix's smtp-sink on loopback (one sink for the class), on real SQLite files.</summary>
public sealed class OutboxDispatchTests : IClassFixture<SmtpSinkFixture>, IAsyncLifetime
{
    private readonly SmtpSink _sink;

    public OutboxDispatchTests(SmtpSinkFixture fixture) => _sink = fixture.Sink;

    public async Task InitializeAsync()
    {
        await _sink.StartAsync();
        _sink.Clear();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task DispatchAsync_DeliversEachNotification_WithItsRecipientSubjectBodyAndStableMessageId()
    {
        await using var host = await MailTestHost.StartAsync(_sink, d =>
        {
            d.AddPerson("amira-h");
            d.AddToTeam("amira-h", "ubuntumembers");
        });
        await host.WithDbAsync(async db =>
        {
            var ubuntu = await db.Domains.SingleAsync(x => x.Name == "ubuntu.com");
            db.DomainAdminContacts.Add(new DomainAdminContact { DomainId = ubuntu.Id, Email = "second-admin@example.org" });
            await db.SaveChangesAsync();
        });
        var id = await host.AddContributorAsync("amira-h", "amira@example.org");
        await host.ProvisionAsync(id);
        var queued = await host.OutboxAsync();

        var result = await host.DispatchAsync();

        Assert.Equal(new OutboxDispatchResult(2, 0, 0), result);
        var received = _sink.Received().OrderBy(m => m.EnvelopeRecipients[0], StringComparer.Ordinal).ToList();
        Assert.Equal([["admins@ubuntu.com"], ["second-admin@example.org"]], received.Select(m => m.EnvelopeRecipients));
        foreach (var mail in received)
        {
            var row = queued.Single(m => m.To == mail.EnvelopeRecipients[0]);
            Assert.Equal($"outbox-{row.Id}@example.org", mail.Message.MessageId);
            Assert.Equal([row.To], mail.Message.To.Mailboxes.Select(m => m.Address));
            Assert.Equal(["dashboard@example.org"], mail.Message.From.Mailboxes.Select(m => m.Address));
            Assert.Equal("New @ubuntu.com email address created", mail.Message.Subject);
            // smtp-sink ends each dump with an empty line of its own.
            Assert.Equal("The address amira-h@ubuntu.com was created and forwards to amira@example.org.", mail.Message.TextBody?.TrimEnd());
        }

        Assert.All(await host.OutboxAsync(), m =>
        {
            Assert.Equal((ProvisioningTestHost.Start, 1, null, null, null), (m.SentAt, m.Attempts, m.FailedAt, m.LeaseOwner, m.LeaseUntil));
        });
    }

    [Fact]
    public async Task DispatchAsync_RetriesAfterTheBackoff_WhenSmtpWasDown_AndThenDeliversEachMessageExactlyOnce()
    {
        await using var host = await MailTestHost.StartAsync(_sink);
        await MailTestHost.AddMessagesAsync(host, 5);
        await _sink.StopAsync();

        var down = await host.DispatchAsync();

        Assert.Equal(new OutboxDispatchResult(0, 5, 0), down);
        Assert.All(await host.OutboxAsync(), m =>
        {
            Assert.Equal((null, 1, ProvisioningTestHost.Start + TimeSpan.FromMinutes(1), null), (m.SentAt, m.Attempts, m.NextAttemptAt, m.LeaseOwner));
            Assert.StartsWith($"Cannot open an SMTP session with 127.0.0.1:{_sink.Port}", m.LastError, StringComparison.Ordinal);
        });

        await _sink.StartAsync();
        Assert.Equal(new OutboxDispatchResult(0, 0, 0), await host.DispatchAsync()); // not due before the backoff
        host.Advance(TimeSpan.FromMinutes(1));
        var up = await host.DispatchAsync();
        host.Advance(TimeSpan.FromHours(2));
        var again = await host.DispatchAsync();

        Assert.Equal(new OutboxDispatchResult(5, 0, 0), up);
        Assert.Equal(new OutboxDispatchResult(0, 0, 0), again);
        var rows = await host.OutboxAsync();
        Assert.All(rows, m => Assert.Equal((2, ProvisioningTestHost.Start + TimeSpan.FromMinutes(1)), (m.Attempts, m.SentAt)));
        Assert.Equal(rows.Select(m => $"outbox-{m.Id}@example.org").Order(StringComparer.Ordinal),
            _sink.Received().Select(m => m.Message.MessageId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task DispatchAsync_LeavesAMessageLeasedByAnotherDispatcherAlone_UntilTheLeaseExpires()
    {
        await using var host = await MailTestHost.StartAsync(_sink);
        await MailTestHost.AddMessagesAsync(host, 1);
        // A dispatcher that claimed the message and died (docs/outbox.md: the one window for a duplicate).
        await host.WithDbAsync(db => db.Outbox.ExecuteUpdateAsync(set => set
            .SetProperty(m => m.LeaseOwner, "crashed")
            .SetProperty(m => m.LeaseUntil, ProvisioningTestHost.Start + TimeSpan.FromMinutes(5))));

        var whileLeased = await host.DispatchAsync();
        host.Advance(TimeSpan.FromMinutes(5));
        var afterLease = await host.DispatchAsync();

        Assert.Equal((new OutboxDispatchResult(0, 0, 0), new OutboxDispatchResult(1, 0, 0)), (whileLeased, afterLease));
        Assert.Single(_sink.Received());
        var message = Assert.Single(await host.OutboxAsync());
        Assert.Equal((ProvisioningTestHost.Start + TimeSpan.FromMinutes(5), null), (message.SentAt, message.LeaseOwner));
    }

    [Fact]
    public async Task DispatchAsync_SendsEachMessageOnce_WhenTwoDispatchersRace()
    {
        await using var host = await MailTestHost.StartAsync(_sink, settings: new Dictionary<string, string?> { ["Outbox:BatchSize"] = "10" });
        await MailTestHost.AddMessagesAsync(host, 300);

        var results = await Task.WhenAll(Task.Run(host.DispatchAsync), Task.Run(host.DispatchAsync));

        Assert.Equal(300, results.Sum(r => r.Sent));
        Assert.All(results, r => Assert.True(r.Sent > 0, "both dispatchers took part"));
        var ids = _sink.Received().Select(m => m.Message.MessageId).ToList();
        Assert.Equal(300, ids.Count);
        Assert.Equal(300, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(await host.OutboxAsync(), m => Assert.Equal((1, (DateTimeOffset?)ProvisioningTestHost.Start), (m.Attempts, m.SentAt)));
    }
}
