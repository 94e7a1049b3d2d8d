using System.Net.Mail;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization;
using ForwardEmail.Dashboard.Core.Audit;
using ForwardEmail.Dashboard.Core.Data;
using ForwardEmail.Dashboard.Core.Directory;
using ForwardEmail.Dashboard.Core.Errors;
using ForwardEmail.Dashboard.Core.Live;
using ForwardEmail.Dashboard.Core.Mail;
using ForwardEmail.Dashboard.Core.Provisioning;
using Microsoft.EntityFrameworkCore;

namespace ForwardEmail.Dashboard.Core.Admin;

/// <summary>An alias as the console shows it: forwarding, forwarding until its grace period ends, or disabled.</summary>
public enum AliasState
{
    Active,
    PendingRemoval,
    Disabled,
}

public enum AliasSort
{
    Address,
    Owner,
    Updated,
    Created,
}

/// <summary>Which aliases to list; every filter runs in the database.</summary>
/// <param name="Search">Part of the address, the owner's username or a recipient.</param>
public sealed record AliasQuery(
    string? Search = null,
    int? DomainId = null,
    AliasState? State = null,
    AliasOrigin? Origin = null,
    AliasSort Sort = AliasSort.Address,
    bool Descending = false,
    int Page = 0,
    int PageSize = AliasQuery.DefaultPageSize)
{
    public const int DefaultPageSize = 25;
    public const int MaxPageSize = 100;
}

public sealed record AliasRow(
    long Id,
    string Name,
    int DomainId,
    string Domain,
    int? OwnerId,
    string? OwnerUsername,
    IReadOnlyList<string> Recipients,
    AliasOrigin Origin,
    bool IsEnabled,
    string? DisabledReason,
    string? DisabledNote,
    DateTimeOffset? DisabledAt,
    DateTimeOffset? IneligibleSince,
    string? IneligibleReason,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public string Address => $"{Name}@{Domain}";

    public AliasState State => !IsEnabled ? AliasState.Disabled : IneligibleSince is not null ? AliasState.PendingRemoval : AliasState.Active;
}

/// <summary>Why a listing was not run; the page shows a message instead of rows.</summary>
public enum AliasQueryProblem
{
    SearchTooLong,
}

public sealed record AliasPage(IReadOnlyList<AliasRow> Rows, int Total, int Page, int PageSize, AliasQueryProblem? Problem = null);

/// <summary>What an alias change did; the page shows a message for each.</summary>
public enum AliasChangeOutcome
{
    Done,
    NotAllowed,
    NotFound,
    /// <summary>Already in the state asked for.</summary>
    Unchanged,
    NoteRequired,
    NoteTooLong,
    InvalidName,
    ReservedName,
    /// <summary>An alias of that name exists on the domain (a contributor's, also a disabled one, or a manual one).</summary>
    NameTaken,
    /// <summary>A contributor has that username: the name is theirs on every domain.</summary>
    HeldByContributor,
    UnknownDomain,
    NoRecipients,
    InvalidRecipient,
    TooManyRecipients,
    RecipientIsAlias,
}

/// <param name="Recipients">As typed: addresses separated by commas, semicolons, spaces or new lines.</param>
public sealed record ManualAliasRequest(string? Name, int DomainId, string? Recipients);

/// <summary>
/// The admin console's aliases (PRODUCT.md section 1): listings and the CSV export filtered, sorted and paged in the
/// database; disable and enable by hand; manual aliases for role addresses. Changes are audited in their transaction and
/// published after it commits. Callers check the actor's role first (support reads, admins change).
/// </summary>
public sealed class AliasAdministration(
    IDbContextFactory<DashboardDbContext> contextFactory,
    IDashboardChangeNotifier changes,
    TimeProvider time)
{
    /// <summary>Longer than any address or username: a longer search cannot match and is refused rather than sent to the database.</summary>
    public const int MaxSearchLength = 320;
    public const int MaxNoteLength = 500;
    public const int MaxRecipients = 20;

    /// <summary>The recipients column holds 2,000 characters, joined by commas.</summary>
    private const int MaxRecipientsLength = 2000;

    /// <summary>How many matching ids a search reads in one go (8 bytes each): ten pages of the largest size.</summary>
    internal const int SearchWindow = 1000;

    private static readonly char[] RecipientSeparators = [',', ';', ' ', '\t', '\r', '\n'];

    public async Task<AliasPage> ListAsync(AliasQuery query, CancellationToken cancellationToken)
    {
        var size = Math.Clamp(query.PageSize, 1, AliasQuery.MaxPageSize);
        var page = Math.Max(0, query.Page);
        if (SearchText(query)?.Length > MaxSearchLength)
        {
            return new AliasPage([], 0, page, size, AliasQueryProblem.SearchTooLong);
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var aliases = Filter(db, query);
        var (total, ids) = SearchText(query) is null
            ? (await aliases.CountAsync(cancellationToken), await PageIdsAsync(aliases, query, page, size, cancellationToken))
            : await SearchPageIdsAsync(aliases, query, page, size, cancellationToken);
        var rows = await Project(db.Aliases.AsNoTracking().Where(a => ids.Contains(a.Id))).ToListAsync(cancellationToken);
        var order = ids.Select((id, index) => (id, index)).ToDictionary(p => p.id, p => p.index);
        return new AliasPage([.. rows.OrderBy(r => order[r.Id])], total, page, size);
    }

    /// <summary>
    /// The page's ids, from the alias table and its indexes alone; the caller then reads just those rows with their domain
    /// and owner: a middle page of 100,000 skips index entries rather than joined rows.
    /// </summary>
    private static Task<List<long>> PageIdsAsync(IQueryable<Alias> aliases, AliasQuery query, int page, int size, CancellationToken cancellationToken) =>
        Sort(aliases, query).Select(a => a.Id).Skip(page * size).Take(size).ToListAsync(cancellationToken);

    /// <summary>
    /// A search is a substring match no index serves, so the database reads every alias for it. Counting the matches and
    /// then selecting the page would read them all twice; instead the first <see cref="SearchWindow"/> matching ids are read
    /// once, in order, and counted and paged here. Only a broad search (more matches than that) is counted in SQL as well,
    /// and its pages past the window are selected as usual.
    /// </summary>
    private static async Task<(int Total, List<long> Ids)> SearchPageIdsAsync(
        IQueryable<Alias> aliases, AliasQuery query, int page, int size, CancellationToken cancellationToken)
    {
        var head = await Sort(aliases, query).Select(a => a.Id).Take(SearchWindow + 1).ToListAsync(cancellationToken);
        var complete = head.Count <= SearchWindow;
        var total = complete ? head.Count : await aliases.CountAsync(cancellationToken);
        return (total, complete || (long)(page + 1) * size <= SearchWindow
            ? [.. head.Skip(page * size).Take(size)]
            : await PageIdsAsync(aliases, query, page, size, cancellationToken));
    }

    /// <summary>
    /// Every alias the query matches, in its order, read as the caller consumes them: the export writes 100,000 rows without
    /// holding them. Paging is ignored; a refused search yields nothing.
    /// </summary>
    public async IAsyncEnumerable<AliasRow> ExportAsync(AliasQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (SearchText(query)?.Length > MaxSearchLength)
        {
            yield break;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await foreach (var row in Project(Sort(Filter(db, query), query)).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return row;
        }
    }

    /// <summary>
    /// Writes the CSV export of the query's aliases to <paramref name="writer"/> as rows are read, then records in the audit
    /// trail who exported what (the filters and the row count): the whole list of addresses is worth a trace.
    /// </summary>
    public async Task<int> ExportCsvAsync(TextWriter writer, AliasQuery query, string actor, CancellationToken cancellationToken)
    {
        var rows = await AliasCsv.WriteAsync(writer, ExportAsync(query, cancellationToken), cancellationToken);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        db.AuditEntries.Add(AuditLog.Create(actor, AuditActions.AliasesExported, AuditLog.AliasTarget, "export.csv", null,
            new { query.Search, query.DomainId, State = query.State?.ToString(), Origin = query.Origin?.ToString(), Rows = rows }, time.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);
        return rows;
    }

    public async Task<AliasRow?> GetAsync(long aliasId, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await Project(db.Aliases.AsNoTracking().Where(a => a.Id == aliasId)).SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>Disables an enabled alias as <c>admin-disabled</c> with the admin's note; reconciliation leaves it disabled.</summary>
    public async Task<AliasChangeOutcome> DisableAsync(long aliasId, string? note, string actor, CancellationToken cancellationToken)
    {
        if (CheckNote(note, out var text) is { } refused)
        {
            return refused;
        }

        return await ChangeAsync(aliasId, (alias, now) =>
        {
            if (!alias.IsEnabled)
            {
                return false;
            }

            alias.IsEnabled = false;
            alias.DisabledReason = AliasReasons.AdminDisabled;
            alias.DisabledNote = text;
            alias.DisabledAt = now;
            return true;
        }, AuditActions.AliasAdminDisabled, actor, auditNote: null, cancellationToken);
    }

    /// <summary>
    /// Enables a disabled alias, whatever disabled it, and forgets a pending removal: the next reconciliation judges the owner
    /// afresh (and starts a new grace period if they still do not qualify). The admin's reason goes to the audit trail, as
    /// the alias itself keeps no note once it forwards again.
    /// </summary>
    public async Task<AliasChangeOutcome> EnableAsync(long aliasId, string? note, string actor, CancellationToken cancellationToken)
    {
        if (CheckNote(note, out var text) is { } refused)
        {
            return refused;
        }

        return await ChangeAsync(aliasId, (alias, _) =>
        {
            if (alias.IsEnabled)
            {
                return false;
            }

            alias.IsEnabled = true;
            alias.DisabledReason = null;
            alias.DisabledNote = null;
            alias.DisabledAt = null;
            alias.IneligibleSince = null;
            alias.IneligibleReason = null;
            return true;
        }, AuditActions.AliasAdminEnabled, actor, auditNote: text, cancellationToken);
    }

    /// <summary>An admin's reason, trimmed: required, at most <see cref="MaxNoteLength"/> characters; null when it will do.</summary>
    private static AliasChangeOutcome? CheckNote(string? note, out string text)
    {
        text = note?.Trim() ?? "";
        return text.Length == 0 ? AliasChangeOutcome.NoteRequired : text.Length > MaxNoteLength ? AliasChangeOutcome.NoteTooLong : null;
    }

    /// <summary>Creates an enabled manual alias (no owner) after checking name, domain and recipients; nothing is saved otherwise.</summary>
    public async Task<(AliasChangeOutcome Outcome, long? AliasId)> CreateManualAsync(ManualAliasRequest request, string actor, CancellationToken cancellationToken)
    {
        if (!LaunchpadName.TryNormalize(request.Name?.Trim(), out var name))
        {
            return (AliasChangeOutcome.InvalidName, null);
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var target = await db.Domains.AsNoTracking().Where(d => d.Id == request.DomainId)
            .Select(d => new { d.Name, Contacts = d.AdminContacts.OrderBy(c => c.Id).Select(c => c.Email).ToList() })
            .SingleOrDefaultAsync(cancellationToken);
        if (target is null)
        {
            return (AliasChangeOutcome.UnknownDomain, null);
        }

        var domain = target.Name;

        var (recipientsOutcome, recipients) = ParseRecipients(request.Recipients, $"{name}@{domain}");
        if (recipientsOutcome is not AliasChangeOutcome.Done)
        {
            return (recipientsOutcome, null);
        }

        if (ReservedName.BuiltIn.Contains(name, StringComparer.Ordinal)
            || (await db.ReservedNames.AsNoTracking().Select(r => r.Name).ToListAsync(cancellationToken))
                .Any(r => string.Equals(LaunchpadName.FoldCase(r.Trim()), name, StringComparison.Ordinal)))
        {
            return (AliasChangeOutcome.ReservedName, null);
        }

        try
        {
            var created = await db.InTransactionAsync(async token =>
            {
                // Re-read inside the transaction: a contributor's alias (enabled or not) keeps the name theirs.
                if (await db.Aliases.AnyAsync(a => a.DomainId == request.DomainId && a.Name == name, token))
                {
                    return (AliasChangeOutcome.NameTaken, (Alias?)null);
                }

                if (await db.Contributors.AnyAsync(c => c.Username == name, token))
                {
                    return (AliasChangeOutcome.HeldByContributor, null);
                }

                var now = time.GetUtcNow();
                var alias = new Alias
                {
                    DomainId = request.DomainId,
                    Name = name,
                    Recipients = recipients,
                    Origin = AliasOrigin.Manual,
                    CreatedAt = now,
                    UpdatedAt = now,
                };
                db.Aliases.Add(alias);
                db.AuditEntries.Add(AuditLog.Create(actor, AuditActions.AliasManualCreated, AuditLog.AliasTarget, $"{name}@{domain}", null,
                    Snapshot(alias, domain), now));
                // Like every created alias, the domain's admin contacts hear of it, through the outbox in the same transaction.
                db.Outbox.AddRange(Notifications.AliasCreated(target.Contacts, $"{name}@{domain}", domain, string.Join(", ", recipients), null, now));
                return (AliasChangeOutcome.Done, alias);
            }, cancellationToken);

            if (created.Item2 is { } alias)
            {
                changes.AliasesChanged(null, alias.Id);
            }

            return (created.Item1, created.Item2?.Id);
        }
        catch (DbUpdateException ex) when (DatabaseErrors.IsUniqueViolation(ex))
        {
            // Someone created the same name between our check and the insert.
            return (AliasChangeOutcome.NameTaken, null);
        }
    }

    /// <summary>Splits and checks a typed recipient list: each a plain address, none the alias itself, duplicates folded.</summary>
    public static (AliasChangeOutcome Outcome, List<string> Recipients) ParseRecipients(string? text, string aliasAddress)
    {
        var parts = (text ?? "").Split(RecipientSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0)
        {
            return (AliasChangeOutcome.NoRecipients, []);
        }

        var recipients = new List<string>();
        foreach (var part in parts)
        {
            if (!IsPlainAddress(part))
            {
                return (AliasChangeOutcome.InvalidRecipient, []);
            }

            if (string.Equals(part, aliasAddress, StringComparison.OrdinalIgnoreCase))
            {
                return (AliasChangeOutcome.RecipientIsAlias, []);
            }

            if (!recipients.Contains(part, StringComparer.OrdinalIgnoreCase))
            {
                recipients.Add(part);
            }
        }

        return recipients.Count > MaxRecipients || string.Join(',', recipients).Length > MaxRecipientsLength
            ? (AliasChangeOutcome.TooManyRecipients, [])
            : (AliasChangeOutcome.Done, recipients);
    }

    /// <summary>One bare address with a dotted host: no display name, no angle brackets, nothing MailAddress would quietly drop.</summary>
    private static bool IsPlainAddress(string value) =>
        value.Length <= 320
        && value.All(c => c is > ' ' and < '\u007f')
        && MailAddress.TryCreate(value, out var address)
        && string.Equals(address.Address, value, StringComparison.Ordinal)
        && address.Host.Contains('.', StringComparison.Ordinal);

    /// <param name="auditNote">The admin's reason when the alias itself does not keep it: written with the "after" state.</param>
    private async Task<AliasChangeOutcome> ChangeAsync(
        long aliasId, Func<Alias, DateTimeOffset, bool> change, string action, string actor, string? auditNote, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var (outcome, ownerId) = await db.InTransactionAsync(async token =>
        {
            var alias = await db.Aliases.Include(a => a.Domain).SingleOrDefaultAsync(a => a.Id == aliasId, token);
            if (alias is null)
            {
                return (AliasChangeOutcome.NotFound, (int?)null);
            }

            var before = Snapshot(alias, alias.Domain!.Name);
            var now = time.GetUtcNow();
            if (!change(alias, now))
            {
                return (AliasChangeOutcome.Unchanged, alias.OwnerId);
            }

            alias.UpdatedAt = now;
            db.AuditEntries.Add(AuditLog.Create(actor, action, AuditLog.AliasTarget, $"{alias.Name}@{alias.Domain.Name}", before,
                Snapshot(alias, alias.Domain.Name, auditNote), now));
            return (AliasChangeOutcome.Done, alias.OwnerId);
        }, cancellationToken);

        if (outcome == AliasChangeOutcome.Done)
        {
            changes.AliasesChanged(ownerId, aliasId);
        }

        return outcome;
    }

    /// <param name="note">The admin's reason for the change, when the alias does not keep it (enabling).</param>
    private static AliasSnapshot Snapshot(Alias alias, string domain, string? note = null) => new(
        $"{alias.Name}@{domain}", alias.Recipients, alias.IsEnabled, alias.Origin.ToString(), alias.DisabledReason, alias.DisabledNote,
        alias.IneligibleSince, alias.IneligibleReason, note);

    /// <summary>An alias as the audit trail records it before and after a change.</summary>
    private sealed record AliasSnapshot(
        string Address,
        IReadOnlyList<string> Recipients,
        bool IsEnabled,
        string Origin,
        string? DisabledReason,
        string? DisabledNote,
        DateTimeOffset? IneligibleSince,
        string? IneligibleReason,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Note);

    /// <summary>The search as typed without surrounding spaces; null when there is none.</summary>
    private static string? SearchText(AliasQuery query) => query.Search?.Trim() is { Length: > 0 } search ? search : null;

    internal static IQueryable<Alias> Filter(DashboardDbContext db, AliasQuery query)
    {
        var aliases = db.Aliases.AsNoTracking();
        if (query.DomainId is { } domainId)
        {
            aliases = aliases.Where(a => a.DomainId == domainId);
        }

        if (query.Origin is { } origin)
        {
            aliases = aliases.Where(a => a.Origin == origin);
        }

        aliases = query.State switch
        {
            AliasState.Active => aliases.Where(a => a.IsEnabled && a.IneligibleSince == null),
            AliasState.PendingRemoval => aliases.Where(a => a.IsEnabled && a.IneligibleSince != null),
            AliasState.Disabled => aliases.Where(a => !a.IsEnabled),
            _ => aliases,
        };

        if (SearchText(query) is { } search)
        {
            aliases = AliasSearch.Apply(db, aliases, search);
        }

        return aliases;
    }

    internal static IQueryable<Alias> Sort(IQueryable<Alias> aliases, AliasQuery query) => (query.Sort, query.Descending) switch
    {
        (AliasSort.Owner, false) => aliases.OrderBy(a => a.Owner!.Username).ThenBy(a => a.Name).ThenBy(a => a.Id),
        (AliasSort.Owner, true) => aliases.OrderByDescending(a => a.Owner!.Username).ThenBy(a => a.Name).ThenBy(a => a.Id),
        (AliasSort.Updated, false) => aliases.OrderBy(a => a.UpdatedAt).ThenBy(a => a.Id),
        (AliasSort.Updated, true) => aliases.OrderByDescending(a => a.UpdatedAt).ThenByDescending(a => a.Id),
        (AliasSort.Created, false) => aliases.OrderBy(a => a.Id),
        (AliasSort.Created, true) => aliases.OrderByDescending(a => a.Id),
        // By name, then domain (in the order domains were added): the name index serves it without joining the domains.
        (_, false) => aliases.OrderBy(a => a.Name).ThenBy(a => a.DomainId).ThenBy(a => a.Id),
        (_, true) => aliases.OrderByDescending(a => a.Name).ThenByDescending(a => a.DomainId).ThenByDescending(a => a.Id),
    };

    internal static IQueryable<AliasRow> Project(IQueryable<Alias> aliases) => aliases.Select(a => new AliasRow(
        a.Id, a.Name, a.DomainId, a.Domain!.Name, a.OwnerId, a.Owner != null ? a.Owner.Username : null, a.Recipients, a.Origin, a.IsEnabled,
        a.DisabledReason, a.DisabledNote, a.DisabledAt, a.IneligibleSince, a.IneligibleReason, a.CreatedAt, a.UpdatedAt));
}
