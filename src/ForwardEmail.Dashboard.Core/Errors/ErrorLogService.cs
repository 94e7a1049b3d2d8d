using System.Security.Cryptography;
using System.Text;
using ForwardEmail.Dashboard.Core.Data;
using ForwardEmail.Dashboard.Core.Live;
using ForwardEmail.Dashboard.Core.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ForwardEmail.Dashboard.Core.Errors;

/// <summary>One failure to record.</summary>
/// <param name="FingerprintKey">What identifies "the same user" (the identity provider subject, or e.g. <c>domain:ubuntu.com</c>); with the kind it forms the fingerprint.</param>
public sealed record ErrorReport(
    ProvisioningErrorKind Kind,
    string Step,
    string Message,
    string FingerprintKey,
    int? ContributorId = null,
    string? Username = null,
    string? Email = null,
    string? Subject = null);

/// <summary>What recording did: the group's id and count, and whether the team address was emailed this time.</summary>
public sealed record ErrorRecordResult(long EntryId, int Count, bool TeamNotified);

/// <summary>
/// The error log (PRODUCT.md section 4): failures grouped by fingerprint (user + kind) and counted; the team address
/// is emailed once per fingerprint per dedupe window, decided in the database so it survives restarts and several instances.
/// </summary>
public sealed partial class ErrorLogService(
    IDbContextFactory<DashboardDbContext> contextFactory,
    IOptions<NotificationOptions> notificationOptions,
    IDashboardChangeNotifier changes,
    TimeProvider time,
    ILogger<ErrorLogService> logger)
{
    private const int MaxAttempts = 5;

    public static string Fingerprint(string fingerprintKey, ProvisioningErrorKind kind) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{fingerprintKey}\n{kind.ToCode()}")));

    public Task<ErrorRecordResult> RecordAsync(ErrorReport report, CancellationToken cancellationToken) =>
        RecordAsync(report, alsoNotify: null, cancellationToken);

    /// <param name="alsoNotify">
    /// Further messages (e.g. to a domain's admin contacts) queued in the same transaction whenever the team address is emailed,
    /// so they share its dedupe window.
    /// </param>
    public async Task<ErrorRecordResult> RecordAsync(
        ErrorReport report, Func<ErrorLogEntry, DateTimeOffset, IEnumerable<OutboxMessage>>? alsoNotify, CancellationToken cancellationToken)
    {
        LogRecording(logger, report.Kind.ToCode(), report.Step, report.Username, report.Message);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var recorded = await RecordOnceAsync(report, alsoNotify, cancellationToken);
                changes.ErrorLogChanged(recorded.EntryId, report.ContributorId);
                return recorded;
            }
            catch (DbUpdateException ex) when (DatabaseErrors.IsUniqueViolation(ex) && attempt < MaxAttempts)
            {
                // Another writer created the group first: the next attempt takes the update path.
            }
            catch (Exception ex) when (DatabaseErrors.IsBusy(ex) && attempt < MaxAttempts)
            {
                LogBusy(logger, attempt);
            }
        }
    }

    private async Task<ErrorRecordResult> RecordOnceAsync(
        ErrorReport report, Func<ErrorLogEntry, DateTimeOffset, IEnumerable<OutboxMessage>>? alsoNotify, CancellationToken cancellationToken)
    {
        var settings = notificationOptions.Value;
        var now = time.GetUtcNow();
        var fingerprint = Fingerprint(report.FingerprintKey, report.Kind);
        var code = report.Kind.ToCode();
        var message = Truncate(report.Message, 4000);

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        // Inside the execution strategy (SQL Server retries transient faults); every attempt re-reads from a clean change tracker.
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(token);

            var updated = await db.ErrorLog.Where(e => e.Fingerprint == fingerprint).ExecuteUpdateAsync(set => set
                .SetProperty(e => e.Count, e => e.Count + 1)
                .SetProperty(e => e.LastSeenAt, now)
                .SetProperty(e => e.Message, message)
                .SetProperty(e => e.Email, report.Email)
                .SetProperty(e => e.Username, report.Username)
                // A failure support marked resolved that happens again needs their eyes again; acknowledged stays acknowledged.
                .SetProperty(e => e.Status, e => e.Status == ErrorStatus.Resolved ? ErrorStatus.Open : e.Status), token);

            ErrorLogEntry entry;
            var notify = false;
            if (updated == 0)
            {
                notify = report.Kind.NotifiesTeam();
                entry = new ErrorLogEntry
                {
                    Fingerprint = fingerprint,
                    Kind = code,
                    Step = report.Step,
                    Message = message,
                    IsTransient = report.Kind.IsTransient(),
                    ContributorId = report.ContributorId,
                    Username = report.Username,
                    Email = report.Email,
                    Subject = report.Subject,
                    Count = 1,
                    FirstSeenAt = now,
                    LastSeenAt = now,
                    LastTeamNotifiedAt = notify ? now : null,
                };
                db.ErrorLog.Add(entry);
            }
            else
            {
                if (report.Kind.NotifiesTeam())
                {
                    // The window check and the claim are one statement: of two concurrent writers only one emails.
                    var threshold = now - settings.DedupeWindow;
                    notify = await db.ErrorLog
                        .Where(e => e.Fingerprint == fingerprint && (e.LastTeamNotifiedAt == null || e.LastTeamNotifiedAt <= threshold))
                        .ExecuteUpdateAsync(set => set.SetProperty(e => e.LastTeamNotifiedAt, now), token) == 1;
                }

                entry = await db.ErrorLog.AsNoTracking().SingleAsync(e => e.Fingerprint == fingerprint, token);
            }

            if (notify)
            {
                db.Outbox.Add(Notifications.ErrorReport(settings.TeamAddress, entry, now));
                if (alsoNotify is not null)
                {
                    db.Outbox.AddRange(alsoNotify(entry, now));
                }
            }

            await db.SaveChangesAsync(token);
            await transaction.CommitAsync(token);
            return new ErrorRecordResult(entry.Id, entry.Count, notify);
        }, cancellationToken);
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];

    [LoggerMessage(EventId = 3000, Level = LogLevel.Warning, Message = "Provisioning error {Kind} at {Step} for {Username}: {Message}")]
    private static partial void LogRecording(ILogger logger, string kind, string step, string? username, string message);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Debug, Message = "Error log write found the database busy, attempt {Attempt}")]
    private static partial void LogBusy(ILogger logger, int attempt);
}
