using ForwardEmail.Dashboard.Core.Audit;
using ForwardEmail.Dashboard.Core.Data;
using ForwardEmail.Dashboard.Core.Live;
using Microsoft.EntityFrameworkCore;

namespace ForwardEmail.Dashboard.Core.Mail;

/// <summary>A notification that will not be sent by itself any more, with the server's last answer.</summary>
public sealed record FailedMessageRow(long Id, string To, string Subject, string Kind, int Attempts, string? LastError, DateTimeOffset CreatedAt, DateTimeOffset FailedAt);

public sealed record FailedMessagesPage(IReadOnlyList<FailedMessageRow> Rows, int Total);

public enum OutboxRetryOutcome
{
    Queued,
    NotAllowed,
    NotFound,
    /// <summary>Sent meanwhile, or already queued again.</summary>
    NotFailed,
}

/// <summary>
/// Failed outbox messages for the support desk, and "retry": the message is due again with a fresh attempt count, so the next
/// <c>outbox-dispatch</c> run sends it (audited; callers check the actor's role).
/// </summary>
public sealed class FailedOutboxService(
    IDbContextFactory<DashboardDbContext> contextFactory,
    IDashboardChangeNotifier changes,
    TimeProvider time)
{
    public async Task<FailedMessagesPage> ListAsync(int page, int pageSize, CancellationToken cancellationToken)
    {
        var size = Math.Clamp(pageSize, 1, 100);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var failed = db.Outbox.AsNoTracking().Where(m => m.FailedAt != null && m.SentAt == null);
        var total = await failed.CountAsync(cancellationToken);
        var rows = await failed.OrderByDescending(m => m.FailedAt).ThenByDescending(m => m.Id).Skip(Math.Max(0, page) * size).Take(size)
            .Select(m => new FailedMessageRow(m.Id, m.To, m.Subject, m.Kind, m.Attempts, m.LastError, m.CreatedAt, m.FailedAt!.Value))
            .ToListAsync(cancellationToken);
        return new FailedMessagesPage(rows, total);
    }

    public async Task<OutboxRetryOutcome> RetryAsync(long messageId, string actor, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var outcome = await db.InTransactionAsync(async token =>
        {
            var message = await db.Outbox.SingleOrDefaultAsync(m => m.Id == messageId, token);
            if (message is null)
            {
                return OutboxRetryOutcome.NotFound;
            }

            if (message.FailedAt is null || message.SentAt is not null)
            {
                return OutboxRetryOutcome.NotFailed;
            }

            var now = time.GetUtcNow();
            db.AuditEntries.Add(AuditLog.Create(actor, AuditActions.OutboxRetryRequested, AuditLog.OutboxTarget,
                $"{messageId.ToString(System.Globalization.CultureInfo.InvariantCulture)} {message.To}",
                new { message.Attempts, message.LastError, message.FailedAt }, new { Attempts = 0, NextAttemptAt = now }, now));
            message.FailedAt = null;
            message.Attempts = 0;
            message.NextAttemptAt = now;
            return OutboxRetryOutcome.Queued;
        }, cancellationToken);
        if (outcome == OutboxRetryOutcome.Queued)
        {
            changes.OutboxChanged(messageId);
        }

        return outcome;
    }
}
