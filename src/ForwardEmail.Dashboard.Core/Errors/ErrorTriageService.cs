using ForwardEmail.Dashboard.Core.Audit;
using ForwardEmail.Dashboard.Core.Data;
using ForwardEmail.Dashboard.Core.Jobs;
using ForwardEmail.Dashboard.Core.Live;
using ForwardEmail.Dashboard.Core.Provisioning;
using Hangfire;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;

namespace ForwardEmail.Dashboard.Core.Errors;

/// <summary>Which error groups to list. Dates bound the group's last failure (<c>From</c> inclusive, <c>To</c> exclusive).</summary>
public sealed record ErrorLogQuery(
    string? Kind = null,
    ErrorStatus? Status = null,
    bool? Transient = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    int Page = 0,
    int PageSize = ErrorLogQuery.DefaultPageSize)
{
    public const int DefaultPageSize = 25;
    public const int MaxPageSize = 100;
}

public sealed record ErrorGroupRow(
    long Id,
    string Kind,
    string Step,
    string Message,
    bool IsTransient,
    int? ContributorId,
    string? Username,
    string? Email,
    string? Subject,
    int Count,
    DateTimeOffset FirstSeenAt,
    DateTimeOffset LastSeenAt,
    ErrorStatus Status,
    DateTimeOffset? TeamNotifiedAt,
    string? RetryJobId,
    DateTimeOffset? RetryRequestedAt,
    IReadOnlyList<ErrorNoteRow> Notes);

public sealed record ErrorNoteRow(long Id, string Author, string Text, DateTimeOffset At);

public sealed record ErrorGroupsPage(IReadOnlyList<ErrorGroupRow> Rows, int Total, int Page, int PageSize);

/// <summary>What a support action did; the page shows a message for each.</summary>
public enum TriageOutcome
{
    Done,
    NotAllowed,
    NotFound,
    /// <summary>The group is already in the state asked for.</summary>
    Unchanged,
    /// <summary>Empty, or longer than <see cref="ErrorLogNote.MaxLength"/>.</summary>
    InvalidNote,
    /// <summary>The group is not about one person (e.g. a domain's listing or a mail recipient): nothing to retry.</summary>
    NoPerson,
}

/// <summary>
/// Support's side of the error log (PRODUCT.md section 4): groups filtered and paged in the database; acknowledge, resolve,
/// reopen and notes, each audited in the same transaction; "Retry now" enqueues <see cref="ProvisionContributorJob"/> for the
/// group's person and remembers its job id so every open page can follow it. Callers check the actor's role first.
/// </summary>
public sealed class ErrorTriageService(
    IDbContextFactory<DashboardDbContext> contextFactory,
    ProvisioningService provisioning,
    IBackgroundJobClient jobs,
    IDashboardChangeNotifier changes,
    TimeProvider time)
{
    public async Task<ErrorGroupsPage> ListAsync(ErrorLogQuery query, CancellationToken cancellationToken)
    {
        var size = Math.Clamp(query.PageSize, 1, ErrorLogQuery.MaxPageSize);
        var page = Math.Max(0, query.Page);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var groups = db.ErrorLog.AsNoTracking();
        if (!string.IsNullOrEmpty(query.Kind))
        {
            groups = groups.Where(e => e.Kind == query.Kind);
        }

        if (query.Status is { } status)
        {
            groups = groups.Where(e => e.Status == status);
        }

        if (query.Transient is { } transient)
        {
            groups = groups.Where(e => e.IsTransient == transient);
        }

        if (query.From is { } from)
        {
            groups = groups.Where(e => e.LastSeenAt >= from);
        }

        if (query.To is { } to)
        {
            groups = groups.Where(e => e.LastSeenAt < to);
        }

        var total = await groups.CountAsync(cancellationToken);
        var entries = await groups.OrderByDescending(e => e.LastSeenAt).ThenByDescending(e => e.Id)
            .Skip(page * size).Take(size)
            .Include(e => e.NoteEntries)
            .AsSplitQuery()
            .ToListAsync(cancellationToken);
        return new ErrorGroupsPage([.. entries.Select(Row)], total, page, size);
    }

    public async Task<ErrorGroupRow?> GetAsync(long errorId, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var entry = await db.ErrorLog.AsNoTracking().Include(e => e.NoteEntries).SingleOrDefaultAsync(e => e.Id == errorId, cancellationToken);
        return entry is null ? null : Row(entry);
    }

    public Task<TriageOutcome> AcknowledgeAsync(long errorId, string actor, CancellationToken cancellationToken) =>
        SetStatusAsync(errorId, ErrorStatus.Acknowledged, AuditActions.ErrorAcknowledged, actor, cancellationToken);

    public Task<TriageOutcome> ResolveAsync(long errorId, string actor, CancellationToken cancellationToken) =>
        SetStatusAsync(errorId, ErrorStatus.Resolved, AuditActions.ErrorResolved, actor, cancellationToken);

    public Task<TriageOutcome> ReopenAsync(long errorId, string actor, CancellationToken cancellationToken) =>
        SetStatusAsync(errorId, ErrorStatus.Open, AuditActions.ErrorReopened, actor, cancellationToken);

    public async Task<TriageOutcome> AddNoteAsync(long errorId, string actor, string? text, CancellationToken cancellationToken)
    {
        var note = text?.Trim();
        if (string.IsNullOrEmpty(note) || note.Length > ErrorLogNote.MaxLength)
        {
            return TriageOutcome.InvalidNote;
        }

        return await ChangeAsync(errorId, actor, (db, entry, now) =>
        {
            db.ErrorLogNotes.Add(new ErrorLogNote { ErrorLogEntryId = entry.Id, Author = actor, Text = note, At = now });
            db.AuditEntries.Add(AuditLog.Create(actor, AuditActions.ErrorNoteAdded, AuditLog.ErrorTarget, Target(entry), null, new { note }, now));
            return TriageOutcome.Done;
        }, cancellationToken);
    }

    /// <summary>Enqueues the provisioning of the group's person now; the job's id is stored on the group.</summary>
    public async Task<(TriageOutcome Outcome, string? JobId)> RetryNowAsync(long errorId, string actor, CancellationToken cancellationToken)
    {
        var entry = await GetAsync(errorId, cancellationToken);
        if (entry is null)
        {
            return (TriageOutcome.NotFound, null);
        }

        if (entry.ContributorId is not { } contributorId)
        {
            return (TriageOutcome.NoPerson, null);
        }

        // Outside the database transaction: a retried attempt must not enqueue twice. Provisioning is idempotent, so a job
        // whose id could not be stored below still does no harm.
        var jobId = jobs.Create<ProvisionContributorJob>(job => job.RunAsync(contributorId, errorId, actor, CancellationToken.None), new EnqueuedState());
        var outcome = await ChangeAsync(errorId, actor, (db, row, now) =>
        {
            row.RetryJobId = jobId;
            row.RetryRequestedAt = now;
            db.AuditEntries.Add(AuditLog.Create(actor, AuditActions.ErrorRetryRequested, AuditLog.ErrorTarget, Target(row),
                null, new { contributorId, jobId }, now));
            return TriageOutcome.Done;
        }, cancellationToken);
        return (outcome, jobId);
    }

    /// <summary>
    /// The work of a "Retry now" job: provisions the person as support asked; a run without error resolves the group (audited),
    /// a run that fails again is counted on its group by the provisioning service, as any failure.
    /// </summary>
    public async Task<string> RetryContributorAsync(int contributorId, long errorId, string actor, CancellationToken cancellationToken)
    {
        ProvisioningResult result;
        try
        {
            result = await provisioning.ProvisionWithFreshListingsAsync(contributorId, ProvisioningTrigger.SupportRetry, actor, cancellationToken);
        }
        catch (KeyNotFoundException)
        {
            return $"contributor {contributorId} no longer exists";
        }

        if (result.Error is { } error)
        {
            return $"contributor {contributorId} still fails: {error.Code}";
        }

        var resolved = await ChangeAsync(errorId, actor, (db, entry, now) =>
        {
            if (entry.Status == ErrorStatus.Resolved)
            {
                return TriageOutcome.Unchanged;
            }

            var before = entry.Status;
            entry.Status = ErrorStatus.Resolved;
            db.AuditEntries.Add(AuditLog.Create(actor, AuditActions.ErrorResolvedByRetry, AuditLog.ErrorTarget, Target(entry),
                new { Status = before.ToString() }, new { Status = nameof(ErrorStatus.Resolved), contributorId }, now));
            return TriageOutcome.Done;
        }, cancellationToken);
        return resolved == TriageOutcome.Done ? $"contributor {contributorId} provisioned; error {errorId} resolved" : $"contributor {contributorId} provisioned";
    }

    private Task<TriageOutcome> SetStatusAsync(long errorId, ErrorStatus status, string action, string actor, CancellationToken cancellationToken) =>
        ChangeAsync(errorId, actor, (db, entry, now) =>
        {
            if (entry.Status == status)
            {
                return TriageOutcome.Unchanged;
            }

            var before = entry.Status;
            entry.Status = status;
            db.AuditEntries.Add(AuditLog.Create(actor, action, AuditLog.ErrorTarget, Target(entry),
                new { Status = before.ToString() }, new { Status = status.ToString() }, now));
            return TriageOutcome.Done;
        }, cancellationToken);

    /// <summary>Loads the group, applies <paramref name="change"/> and saves it with its audit row in one transaction, then tells open pages.</summary>
    private async Task<TriageOutcome> ChangeAsync(
        long errorId, string actor, Func<DashboardDbContext, ErrorLogEntry, DateTimeOffset, TriageOutcome> change, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        int? contributorId = null;
        var outcome = await db.InTransactionAsync(async token =>
        {
            var entry = await db.ErrorLog.SingleOrDefaultAsync(e => e.Id == errorId, token);
            if (entry is null)
            {
                return TriageOutcome.NotFound;
            }

            contributorId = entry.ContributorId;
            return change(db, entry, time.GetUtcNow());
        }, cancellationToken);
        if (outcome == TriageOutcome.Done)
        {
            changes.ErrorLogChanged(errorId, contributorId);
        }

        return outcome;
    }

    private static string Target(ErrorLogEntry entry) =>
        $"{entry.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)} {entry.Kind} {entry.Username ?? entry.Email ?? entry.Fingerprint}";

    private static ErrorGroupRow Row(ErrorLogEntry e) => new(
        e.Id, e.Kind, e.Step, e.Message, e.IsTransient, e.ContributorId, e.Username, e.Email, e.Subject, e.Count, e.FirstSeenAt, e.LastSeenAt,
        e.Status, e.LastTeamNotifiedAt, e.RetryJobId, e.RetryRequestedAt,
        [.. e.NoteEntries.OrderBy(n => n.At).ThenBy(n => n.Id).Select(n => new ErrorNoteRow(n.Id, n.Author, n.Text, n.At))]);
}
