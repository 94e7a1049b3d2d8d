using ForwardEmail.Dashboard.Core.Audit;
using ForwardEmail.Dashboard.Core.Data;
using ForwardEmail.Dashboard.Core.Directory;
using ForwardEmail.Dashboard.Core.Errors;
using ForwardEmail.Dashboard.Core.Live;
using ForwardEmail.Dashboard.Core.Provisioning;
using Microsoft.EntityFrameworkCore;

namespace ForwardEmail.Dashboard.Core.Admin;

/// <param name="Search">Part of the username or email, or the whole identity-provider subject.</param>
public sealed record ContributorQuery(string? Search = null, int Page = 0, int PageSize = ContributorQuery.DefaultPageSize)
{
    public const int DefaultPageSize = 25;
    public const int MaxPageSize = 100;
}

public sealed record ContributorRow(
    int Id,
    string Subject,
    string? Username,
    string Email,
    string? DisplayName,
    bool IsBanned,
    string? BannedReason,
    DateTimeOffset? BannedAt,
    DateTimeOffset? LastSignInAt,
    int Aliases);

public sealed record ContributorPage(IReadOnlyList<ContributorRow> Rows, int Total, int Page, int PageSize, AliasQueryProblem? Problem = null);

public sealed record ContributorErrorRow(long Id, string Kind, string Step, string Message, int Count, DateTimeOffset LastSeenAt, ErrorStatus Status);

public sealed record AuditRow(long Id, string Actor, string Action, string TargetType, string Target, string? Before, string? After, DateTimeOffset At);

/// <summary>One contributor's page: who they are, their aliases, their error-log groups and what changed for them.</summary>
public sealed record ContributorDetail(
    ContributorRow Contributor,
    IReadOnlyList<AliasRow> Aliases,
    IReadOnlyList<ContributorErrorRow> Errors,
    IReadOnlyList<AuditRow> History);

public enum ContributorChangeOutcome
{
    Done,
    NotAllowed,
    NotFound,
    Unchanged,
    ReasonRequired,
    ReasonTooLong,
}

/// <summary>
/// The admin console's contributors (PRODUCT.md sections 1 and 3): search paged in the database, one person's aliases, errors
/// and history, ban and unban, and "Provision now". A ban or unban commits with its audit row, then the shared provisioning
/// service runs for the person at once: a ban disables their aliases without a grace period, an unban lets them qualify again.
/// Callers check the actor's role first.
/// </summary>
public sealed class ContributorAdministration(
    IDbContextFactory<DashboardDbContext> contextFactory,
    ProvisioningService provisioning,
    IDashboardChangeNotifier changes,
    TimeProvider time)
{
    public const int MaxReasonLength = 500;

    /// <summary>How much of a person's error log and history the page shows, newest first.</summary>
    public const int MaxListed = 100;

    public async Task<ContributorPage> SearchAsync(ContributorQuery query, CancellationToken cancellationToken)
    {
        var size = Math.Clamp(query.PageSize, 1, ContributorQuery.MaxPageSize);
        var page = Math.Max(0, query.Page);
        var search = query.Search?.Trim();
        if (search?.Length > AliasAdministration.MaxSearchLength)
        {
            return new ContributorPage([], 0, page, size, AliasQueryProblem.SearchTooLong);
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var people = db.Contributors.AsNoTracking();
        if (!string.IsNullOrEmpty(search))
        {
            var folded = LaunchpadName.FoldCase(search);
            people = people.Where(c => c.Username!.Contains(folded) || c.Email.Contains(search) || c.Email.Contains(folded) || c.Subject == search);
        }

        var total = await people.CountAsync(cancellationToken);
        var rows = await Project(people.OrderBy(c => c.Username).ThenBy(c => c.Id)).Skip(page * size).Take(size).ToListAsync(cancellationToken);
        return new ContributorPage(rows, total, page, size);
    }

    public async Task<ContributorDetail?> GetAsync(int contributorId, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var contributor = await Project(db.Contributors.AsNoTracking().Where(c => c.Id == contributorId)).SingleOrDefaultAsync(cancellationToken);
        if (contributor is null)
        {
            return null;
        }

        var aliases = await AliasAdministration.Project(db.Aliases.AsNoTracking().Where(a => a.OwnerId == contributorId)
            .OrderBy(a => a.Domain!.Name).ThenBy(a => a.Name)).ToListAsync(cancellationToken);
        var errors = await db.ErrorLog.AsNoTracking().Where(e => e.ContributorId == contributorId)
            .OrderByDescending(e => e.LastSeenAt).ThenByDescending(e => e.Id).Take(MaxListed)
            .Select(e => new ContributorErrorRow(e.Id, e.Kind, e.Step, e.Message, e.Count, e.LastSeenAt, e.Status))
            .ToListAsync(cancellationToken);

        // Provisioning audits aliases by address; the console audits the person by id.
        var addresses = aliases.Select(a => a.Address).ToList();
        var target = Target(contributorId);
        var history = await db.AuditEntries.AsNoTracking()
            .Where(e => (e.TargetType == AuditLog.AliasTarget && addresses.Contains(e.Target)) || (e.TargetType == AuditLog.ContributorTarget && e.Target == target))
            .OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Take(MaxListed)
            .Select(e => new AuditRow(e.Id, e.Actor, e.Action, e.TargetType, e.Target, e.Before, e.After, e.At))
            .ToListAsync(cancellationToken);
        return new ContributorDetail(contributor, aliases, errors, history);
    }

    /// <summary>Bans with a reason, then deprovisions at once. The result is null when nothing was banned.</summary>
    public async Task<(ContributorChangeOutcome Outcome, ProvisioningResult? Result)> BanAsync(
        int contributorId, string? reason, string actor, CancellationToken cancellationToken)
    {
        var text = reason?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return (ContributorChangeOutcome.ReasonRequired, null);
        }

        if (text.Length > MaxReasonLength)
        {
            return (ContributorChangeOutcome.ReasonTooLong, null);
        }

        return await SetBanAsync(contributorId, banned: true, text, AuditActions.ContributorBanned, actor, cancellationToken);
    }

    /// <summary>Lifts a ban, then provisions: aliases the ban disabled come back if the person still qualifies.</summary>
    public Task<(ContributorChangeOutcome Outcome, ProvisioningResult? Result)> UnbanAsync(int contributorId, string actor, CancellationToken cancellationToken) =>
        SetBanAsync(contributorId, banned: false, null, AuditActions.ContributorUnbanned, actor, cancellationToken);

    /// <summary>Runs the shared provisioning service for the person now and records that it was asked for.</summary>
    public async Task<(ContributorChangeOutcome Outcome, ProvisioningResult? Result)> ProvisionNowAsync(int contributorId, string actor, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.Contributors.AnyAsync(c => c.Id == contributorId, cancellationToken))
        {
            return (ContributorChangeOutcome.NotFound, null);
        }

        // Asked for by a person, typically after a directory fix: as Retry now, with the team listings read afresh.
        var result = await provisioning.ProvisionWithFreshListingsAsync(contributorId, ProvisioningTrigger.Console, actor, cancellationToken);
        db.AuditEntries.Add(AuditLog.Create(actor, AuditActions.ContributorProvisionRequested, AuditLog.ContributorTarget, Target(contributorId), null,
            new { Error = result.Error?.Code, Domains = result.Domains.Select(d => new { d.Domain, Kind = d.Kind.ToString(), d.Address, d.Reason }) },
            time.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);
        changes.Publish(new DashboardChange(DashboardChangeKind.Contributor, Target(contributorId), contributorId));
        return (ContributorChangeOutcome.Done, result);
    }

    /// <summary>How the console names a contributor in the audit trail: their id, which survives renames.</summary>
    public static string Target(int contributorId) => contributorId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private async Task<(ContributorChangeOutcome, ProvisioningResult?)> SetBanAsync(
        int contributorId, bool banned, string? reason, string action, string actor, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var outcome = await db.InTransactionAsync(async token =>
        {
            var contributor = await db.Contributors.SingleOrDefaultAsync(c => c.Id == contributorId, token);
            if (contributor is null)
            {
                return ContributorChangeOutcome.NotFound;
            }

            if (contributor.IsBanned == banned)
            {
                return ContributorChangeOutcome.Unchanged;
            }

            var before = new { contributor.Username, contributor.IsBanned, contributor.BannedReason };
            var now = time.GetUtcNow();
            contributor.IsBanned = banned;
            contributor.BannedReason = reason;
            contributor.BannedAt = banned ? now : null;
            contributor.UpdatedAt = now;
            db.AuditEntries.Add(AuditLog.Create(actor, action, AuditLog.ContributorTarget, Target(contributorId), before,
                new { contributor.Username, contributor.IsBanned, contributor.BannedReason }, now));
            return ContributorChangeOutcome.Done;
        }, cancellationToken);

        if (outcome != ContributorChangeOutcome.Done)
        {
            return (outcome, null);
        }

        changes.Publish(new DashboardChange(DashboardChangeKind.Contributor, Target(contributorId), contributorId));
        // After the commit: provisioning reads the ban from the database like every other run, in its own transaction.
        var result = await provisioning.ProvisionAsync(contributorId, ProvisioningTrigger.Console, actor, cancellationToken);
        return (outcome, result);
    }

    private static IQueryable<ContributorRow> Project(IQueryable<Contributor> people) => people.Select(c => new ContributorRow(
        c.Id, c.Subject, c.Username, c.Email, c.DisplayName, c.IsBanned, c.BannedReason, c.BannedAt, c.LastSignInAt, c.Aliases.Count));
}
