using ForwardEmail.Dashboard.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace ForwardEmail.Dashboard.Core.Admin;

/// <summary>Which audit rows to list. Dates bound <see cref="AuditEntry.At"/> (<c>From</c> inclusive, <c>To</c> exclusive).</summary>
/// <param name="Actor">Exactly, or with a trailing <c>*</c> as a prefix (<c>system:*</c> for every background job).</param>
/// <param name="Action">Exactly, or with a trailing <c>*</c> as a prefix (<c>alias.*</c>).</param>
/// <param name="Target">Part of the target: an address, a domain, a contributor id.</param>
public sealed record AuditQuery(
    string? Actor = null,
    string? Action = null,
    string? Target = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    int Page = 0,
    int PageSize = AuditQuery.DefaultPageSize)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;
}

public sealed record AuditEntriesPage(IReadOnlyList<AuditRow> Rows, int Total, int Page, int PageSize, AliasQueryProblem? Problem = null);

/// <summary>
/// The audit trail as the console reads it: every admin and support action and every provisioning change, filtered and paged
/// in the database, newest first. Read-only: nothing in the console changes or deletes an audit row.
/// </summary>
public sealed class AuditTrail(IDbContextFactory<DashboardDbContext> contextFactory)
{
    public async Task<AuditEntriesPage> ListAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        var size = Math.Clamp(query.PageSize, 1, AuditQuery.MaxPageSize);
        var page = Math.Max(0, query.Page);
        var actor = query.Actor?.Trim();
        var action = query.Action?.Trim();
        var target = query.Target?.Trim();
        if (new[] { actor, action, target }.Any(f => f?.Length > AliasAdministration.MaxSearchLength))
        {
            return new AuditEntriesPage([], 0, page, size, AliasQueryProblem.SearchTooLong);
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var entries = db.AuditEntries.AsNoTracking();
        entries = ExactOrPrefix(entries, actor, prefix => e => e.Actor.StartsWith(prefix), exact => e => e.Actor == exact);
        entries = ExactOrPrefix(entries, action, prefix => e => e.Action.StartsWith(prefix), exact => e => e.Action == exact);
        if (!string.IsNullOrEmpty(target))
        {
            entries = entries.Where(e => e.Target.Contains(target));
        }

        if (query.From is { } from)
        {
            entries = entries.Where(e => e.At >= from);
        }

        if (query.To is { } to)
        {
            entries = entries.Where(e => e.At < to);
        }

        var total = await entries.CountAsync(cancellationToken);
        var rows = await entries.OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Skip(page * size).Take(size)
            .Select(e => new AuditRow(e.Id, e.Actor, e.Action, e.TargetType, e.Target, e.Before, e.After, e.At))
            .ToListAsync(cancellationToken);
        return new AuditEntriesPage(rows, total, page, size);
    }

    private static IQueryable<AuditEntry> ExactOrPrefix(
        IQueryable<AuditEntry> entries,
        string? filter,
        Func<string, System.Linq.Expressions.Expression<Func<AuditEntry, bool>>> prefix,
        Func<string, System.Linq.Expressions.Expression<Func<AuditEntry, bool>>> exact)
    {
        if (string.IsNullOrEmpty(filter))
        {
            return entries;
        }

        return filter.EndsWith('*') ? entries.Where(prefix(filter.TrimEnd('*'))) : entries.Where(exact(filter));
    }
}
