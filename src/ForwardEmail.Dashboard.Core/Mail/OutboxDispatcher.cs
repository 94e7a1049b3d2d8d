using ForwardEmail.Dashboard.Core.Data;
using ForwardEmail.Dashboard.Core.Errors;
using ForwardEmail.Dashboard.Core.Live;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace ForwardEmail.Dashboard.Core.Mail;

/// <summary>What one dispatch run did.</summary>
public sealed record OutboxDispatchResult(int Sent, int Retrying, int Failed);

/// <summary>
/// Sends due outbox messages (docs/outbox.md). A run claims a batch with a lease in one statement, so concurrent dispatchers
/// (several instances, or a run overlapping the next schedule) never send the same message; it sends the batch over one
/// connection (several connections side by side, <c>Outbox:Connections</c>) and marks each message the moment the server
/// accepted it. Every write is a single statement.
/// </summary>
public sealed partial class OutboxDispatcher(
    IDbContextFactory<DashboardDbContext> contextFactory,
    IMailDelivery delivery,
    ErrorLogService errorLog,
    IDashboardChangeNotifier changes,
    IOptions<OutboxOptions> outboxOptions,
    IOptions<SmtpOptions> smtpOptions,
    IOptions<NotificationOptions> notificationOptions,
    TimeProvider time,
    ILogger<OutboxDispatcher> logger)
{
    private const int MaxErrorLength = 2000;

    /// <summary>
    /// Sends batches over <c>Outbox:Connections</c> connections at once until nothing is due or the server is in trouble
    /// (the rest waits for the next run).
    /// </summary>
    public async Task<OutboxDispatchResult> DispatchAsync(CancellationToken cancellationToken)
    {
        var sessions = await Task.WhenAll(Enumerable.Range(0, outboxOptions.Value.Connections).Select(_ => RunSessionAsync(cancellationToken)));
        var result = new OutboxDispatchResult(sessions.Sum(r => r.Sent), sessions.Sum(r => r.Retrying), sessions.Sum(r => r.Failed));
        if (result.Sent + result.Retrying + result.Failed > 0)
        {
            LogDispatched(logger, result.Sent, result.Retrying, result.Failed, delivery.Description);
        }

        return result;
    }

    /// <summary>One connection's share: batch after batch, each claimed under its own lease.</summary>
    private async Task<OutboxDispatchResult> RunSessionAsync(CancellationToken cancellationToken)
    {
        int sent = 0, retrying = 0, failed = 0;
        while (true)
        {
            var batch = await DispatchBatchAsync(cancellationToken);
            sent += batch.Sent;
            retrying += batch.Retrying;
            failed += batch.Failed;
            if (batch.Claimed == 0 || batch.Stopped)
            {
                return new OutboxDispatchResult(sent, retrying, failed);
            }
        }
    }

    private async Task<BatchResult> DispatchBatchAsync(CancellationToken cancellationToken)
    {
        var lease = await ClaimAsync(cancellationToken);
        if (lease.Messages.Count == 0)
        {
            return new BatchResult(0, 0, 0, 0, Stopped: false);
        }

        int sent = 0, retrying = 0, failed = 0, next = 0;
        var from = notificationOptions.Value.From;
        // One context and connection for the batch's marks: opening one per message cost as much as sending it.
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var marker = OutboxSentMarker.Create(db, lease.Owner);
        var sender = MailboxAddress.Parse(from);
        var messageIdDomain = OutboxMail.MessageIdDomain(from);
        // A send that started before this point ends (or times out) before the lease lapses.
        var stopSendingAt = lease.Until - 3 * smtpOptions.Value.Timeout;
        try
        {
            IMailConnection connection;
            try
            {
                connection = await delivery.ConnectAsync(cancellationToken);
            }
            catch (MailDeliveryException ex)
            {
                LogConnectFailed(logger, delivery.Description, ex.Message);
                foreach (var message in lease.Messages)
                {
                    failed += await RecordFailureAsync(db, message, lease.Owner, ex, cancellationToken) ? 1 : 0;
                }

                next = lease.Messages.Count;
                return new BatchResult(lease.Messages.Count, 0, lease.Messages.Count - failed, failed, Stopped: true);
            }

            await using (connection)
            {
                for (; next < lease.Messages.Count; next++)
                {
                    if (time.GetUtcNow() >= stopSendingAt)
                    {
                        return new BatchResult(lease.Messages.Count, sent, retrying, failed, Stopped: true);
                    }

                    var message = lease.Messages[next];
                    var mime = OutboxMail.Build(message, sender, messageIdDomain);
                    try
                    {
                        await connection.SendAsync(mime, cancellationToken);
                    }
                    catch (MailDeliveryException ex)
                    {
                        var final = await RecordFailureAsync(db, message, lease.Owner, ex, cancellationToken);
                        failed += final ? 1 : 0;
                        retrying += final ? 0 : 1;
                        if (ex.ConnectionLost || !ex.IsPermanent)
                        {
                            // The server is down or struggling (4xx): the rest of the batch waits for the next run.
                            next++;
                            return new BatchResult(lease.Messages.Count, sent, retrying, failed, Stopped: true);
                        }

                        continue;
                    }

                    // Not cancellable: the server has the message, so the row must say so (docs/outbox.md).
                    if (!await marker.MarkAsync(message.Id, time.GetUtcNow(), CancellationToken.None))
                    {
                        LogLeaseLost(logger, message.Id);
                    }

                    sent++;
                }
            }

            return new BatchResult(lease.Messages.Count, sent, retrying, failed, Stopped: false);
        }
        finally
        {
            if (next < lease.Messages.Count)
            {
                await ReleaseAsync(lease.Messages.Skip(next).Select(m => m.Id).ToList(), lease.Owner);
            }
        }
    }

    /// <summary>One UPDATE takes the oldest due messages that nobody holds; its WHERE is checked again row by row, so two claims never overlap.</summary>
    private async Task<Lease> ClaimAsync(CancellationToken cancellationToken)
    {
        var settings = outboxOptions.Value;
        var now = time.GetUtcNow();
        var until = now + settings.LeaseDuration;
        var owner = Guid.NewGuid().ToString("N");

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var due = db.Outbox.Where(m => m.SentAt == null && m.FailedAt == null
            && (m.NextAttemptAt == null || m.NextAttemptAt <= now)
            && (m.LeaseUntil == null || m.LeaseUntil <= now));
        var oldest = due.OrderBy(m => m.Id).Take(settings.BatchSize).Select(m => m.Id);
        var claimed = await due.Where(m => oldest.Contains(m.Id)).ExecuteUpdateAsync(set => set
            .SetProperty(m => m.LeaseOwner, owner)
            .SetProperty(m => m.LeaseUntil, until), cancellationToken);
        if (claimed == 0)
        {
            return new Lease(owner, until, []);
        }

        var messages = await db.Outbox.AsNoTracking().Where(m => m.LeaseOwner == owner).OrderBy(m => m.Id).ToListAsync(cancellationToken);
        return new Lease(owner, until, messages);
    }

    /// <summary>Records a failed attempt; true when the message is now failed for good (refused with 5xx, or out of attempts).</summary>
    private async Task<bool> RecordFailureAsync(DashboardDbContext db, OutboxMessage message, string owner, MailDeliveryException error, CancellationToken cancellationToken)
    {
        var settings = outboxOptions.Value;
        var now = time.GetUtcNow();
        var attempts = message.Attempts + 1;
        var final = error.IsPermanent || attempts >= settings.MaxAttempts;
        var answer = error.Message.Length <= MaxErrorLength ? error.Message : error.Message[..MaxErrorLength];

        if (final)
        {
            // Logged before the row is marked: a crash in between re-sends (and is refused again) rather than failing silently.
            var why = error.IsPermanent ? "the server refused it" : $"{attempts} attempts failed";
            await errorLog.RecordAsync(new ErrorReport(
                ProvisioningErrorKind.MailFailed,
                ProvisioningSteps.Mail,
                $"Notification {message.Kind} to {message.To} (outbox {message.Id}, \"{message.Subject}\") was not delivered, {why}: {answer}",
                "mail:" + message.To.ToLowerInvariant(),
                Email: message.To), cancellationToken);
            LogFailed(logger, message.Id, message.To, attempts, answer);
        }
        else
        {
            LogRetrying(logger, message.Id, message.To, attempts, answer);
        }

        var nextAttempt = final ? (DateTimeOffset?)null : now + settings.RetryDelay(attempts);
        var failedAt = final ? now : (DateTimeOffset?)null;
        await db.Outbox.Where(m => m.Id == message.Id && m.LeaseOwner == owner).ExecuteUpdateAsync(set => set
            .SetProperty(m => m.Attempts, attempts)
            .SetProperty(m => m.LastError, answer)
            .SetProperty(m => m.NextAttemptAt, nextAttempt)
            .SetProperty(m => m.FailedAt, failedAt)
            .SetProperty(m => m.LeaseOwner, (string?)null)
            .SetProperty(m => m.LeaseUntil, (DateTimeOffset?)null), cancellationToken);
        if (final)
        {
            changes.OutboxChanged(message.Id);
        }

        return final;
    }

    /// <summary>Hands unsent messages back at once instead of at lease expiry. Runs even when the run was cancelled.</summary>
    private async Task ReleaseAsync(List<long> ids, string owner)
    {
        await using var db = await contextFactory.CreateDbContextAsync(CancellationToken.None);
        await db.Outbox.Where(m => ids.Contains(m.Id) && m.LeaseOwner == owner).ExecuteUpdateAsync(set => set
            .SetProperty(m => m.LeaseOwner, (string?)null)
            .SetProperty(m => m.LeaseUntil, (DateTimeOffset?)null), CancellationToken.None);
    }

    private sealed record Lease(string Owner, DateTimeOffset Until, List<OutboxMessage> Messages);

    private sealed record BatchResult(int Claimed, int Sent, int Retrying, int Failed, bool Stopped);

    [LoggerMessage(EventId = 4000, Level = LogLevel.Information, Message = "Outbox: {Sent} sent, {Retrying} to retry, {Failed} failed via {Delivery}")]
    private static partial void LogDispatched(ILogger logger, int sent, int retrying, int failed, string delivery);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Outbox: cannot reach {Delivery}: {Error}")]
    private static partial void LogConnectFailed(ILogger logger, string delivery, string error);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Outbox message {OutboxId} to {Recipient} failed (attempt {Attempt}), will retry: {Error}")]
    private static partial void LogRetrying(ILogger logger, long outboxId, string recipient, int attempt, string error);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Error, Message = "Outbox message {OutboxId} to {Recipient} failed for good after {Attempt} attempt(s): {Error}")]
    private static partial void LogFailed(ILogger logger, long outboxId, string recipient, int attempt, string error);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Error, Message = "Outbox message {OutboxId} was sent after its lease had been taken over; it may be sent twice")]
    private static partial void LogLeaseLost(ILogger logger, long outboxId);
}
