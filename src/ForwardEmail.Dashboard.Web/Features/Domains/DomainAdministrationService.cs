using System.Net.Mail;
using System.Security.Claims;
using ForwardEmail.Dashboard.Core.Audit;
using ForwardEmail.Dashboard.Core.Data;
using ForwardEmail.Dashboard.Core.Directory;
using ForwardEmail.Dashboard.Core.Domain;
using ForwardEmail.Dashboard.Core.Domains;
using ForwardEmail.Dashboard.Core.Live;
using ForwardEmail.Dashboard.Web.Features.Auth;
using Microsoft.EntityFrameworkCore;

namespace ForwardEmail.Dashboard.Web.Features.Domains;

/// <summary>Why a domain change was or was not made; the pages show a message for each.</summary>
public enum DomainChangeOutcome
{
    Saved,
    Unchanged,
    NotAllowed,
    NotFound,
    InvalidName,
    Duplicate,
    InvalidTeam,
    UnknownTeam,
    NotATeam,
    DirectoryUnavailable,
    InvalidContact,
    DuplicateContact,
    LastContact,
    NoContacts,
}

public sealed record DomainRow(
    int Id,
    string Name,
    string? Team,
    DomainVerificationState Verification,
    DateTimeOffset? VerifiedAt,
    DateTimeOffset? VerificationLostAt,
    DateTimeOffset? CheckedAt,
    string? CheckError,
    MxState Mx,
    DateTimeOffset? MxCheckedAt,
    bool IsEnabled,
    IReadOnlyList<string> Contacts,
    int ActiveAliases);

public sealed record DomainDetail(
    DomainRow Domain,
    string VerificationCode,
    string? MxHosts,
    string? Spf,
    string? Dmarc,
    IReadOnlyList<ContactRow> Contacts);

public sealed record ContactRow(int Id, string Email);

/// <summary>
/// The admin console's domain changes. Each one checks that the actor is an admin now (a page's circuit can outlive a
/// revocation, and support only reads), validates, writes an audit row with before and after in the same save, and
/// tells open pages.
/// </summary>
public sealed class DomainAdministrationService(
    IDbContextFactory<DashboardDbContext> dbFactory,
    RoleLookup roles,
    IDirectoryClient directory,
    DomainCheckService checks,
    IDashboardChangeNotifier changes,
    TimeProvider time)
{
    public const string AddedAction = "domain.added";
    public const string EnabledAction = "domain.enabled";
    public const string DisabledAction = "domain.disabled";
    public const string TeamChangedAction = "domain.team-changed";
    public const string ContactAddedAction = "domain.contact-added";
    public const string ContactRemovedAction = "domain.contact-removed";
    public const int MaxContactLength = 320;

    public async Task<IReadOnlyList<DomainRow>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await RowsAsync(db.Domains.AsNoTracking(), cancellationToken);
    }

    public async Task<DomainDetail?> GetAsync(int domainId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = (await RowsAsync(db.Domains.AsNoTracking().Where(d => d.Id == domainId), cancellationToken)).SingleOrDefault();
        if (row is null)
        {
            return null;
        }

        var extra = await db.Domains.AsNoTracking().Where(d => d.Id == domainId)
            .Select(d => new { d.VerificationCode, d.MxHosts, d.SpfRecord, d.DmarcRecord })
            .SingleAsync(cancellationToken);
        var contacts = await db.DomainAdminContacts.AsNoTracking().Where(c => c.DomainId == domainId).OrderBy(c => c.Email)
            .Select(c => new ContactRow(c.Id, c.Email)).ToListAsync(cancellationToken);
        return new DomainDetail(row, extra.VerificationCode, extra.MxHosts, extra.SpfRecord, extra.DmarcRecord, contacts);
    }

    /// <summary>A new domain: pending verification, disabled until it has an admin contact, no team yet.</summary>
    public async Task<(DomainChangeOutcome Outcome, int? DomainId)> AddAsync(ClaimsPrincipal actor, string? name, CancellationToken cancellationToken)
    {
        if (!await roles.IsAdminAsync(actor, cancellationToken))
        {
            return (DomainChangeOutcome.NotAllowed, null);
        }

        if (!DomainName.TryNormalize(name, out var normalized))
        {
            return (DomainChangeOutcome.InvalidName, null);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.Domains.AnyAsync(d => d.Name == normalized, cancellationToken))
        {
            return (DomainChangeOutcome.Duplicate, null);
        }

        var now = time.GetUtcNow();
        var domain = new MailDomain
        {
            Name = normalized,
            VerificationCode = DatabaseInitializer.NewVerificationCode(),
            IsEnabled = false,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Domains.Add(domain);
        db.AuditEntries.Add(AuditLog.Create(DashboardActor.NameOf(actor), AddedAction, AuditLog.DomainTarget, normalized, null, new { name = normalized, enabled = false }, now));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another admin added the same name at the same moment (unique index on the name).
            return (DomainChangeOutcome.Duplicate, null);
        }

        changes.DomainChanged(domain.Id);
        return (DomainChangeOutcome.Saved, domain.Id);
    }

    public async Task<DomainChangeOutcome> SetEnabledAsync(ClaimsPrincipal actor, int domainId, bool enabled, CancellationToken cancellationToken)
    {
        if (!await roles.IsAdminAsync(actor, cancellationToken))
        {
            return DomainChangeOutcome.NotAllowed;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var domain = await db.Domains.Include(d => d.AdminContacts).SingleOrDefaultAsync(d => d.Id == domainId, cancellationToken);
        if (domain is null)
        {
            return DomainChangeOutcome.NotFound;
        }

        if (domain.IsEnabled == enabled)
        {
            return DomainChangeOutcome.Unchanged;
        }

        // The admin contacts receive the domain's notifications: a domain that provisions needs at least one.
        if (enabled && domain.AdminContacts.Count == 0)
        {
            return DomainChangeOutcome.NoContacts;
        }

        var now = time.GetUtcNow();
        domain.IsEnabled = enabled;
        domain.UpdatedAt = now;
        db.AuditEntries.Add(AuditLog.Create(DashboardActor.NameOf(actor), enabled ? EnabledAction : DisabledAction, AuditLog.DomainTarget, domain.Name,
            new { enabled = !enabled }, new { enabled }, now));
        await db.SaveChangesAsync(cancellationToken);
        changes.DomainChanged(domainId);
        return DomainChangeOutcome.Saved;
    }

    /// <summary>
    /// Maps the domain to a Launchpad team, checked in the directory first (it exists and is a team). The next
    /// reconciliation uses it; people who are not in the new team lose the alias through the grace period and the
    /// removal circuit breaker, never at once.
    /// </summary>
    public async Task<DomainChangeOutcome> SetTeamAsync(ClaimsPrincipal actor, int domainId, string? team, CancellationToken cancellationToken)
    {
        if (!await roles.IsAdminAsync(actor, cancellationToken))
        {
            return DomainChangeOutcome.NotAllowed;
        }

        if (string.IsNullOrWhiteSpace(team) || !LaunchpadName.TryNormalize(LaunchpadName.FoldTeamOrPerson(team), out var name))
        {
            return DomainChangeOutcome.InvalidTeam;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var domain = await db.Domains.Include(d => d.TeamMapping).SingleOrDefaultAsync(d => d.Id == domainId, cancellationToken);
        if (domain is null)
        {
            return DomainChangeOutcome.NotFound;
        }

        if (domain.TeamMapping?.TeamName == name)
        {
            return DomainChangeOutcome.Unchanged;
        }

        PersonLookup lookup;
        try
        {
            lookup = await directory.GetPersonAsync(name, cancellationToken);
        }
        catch (DirectoryUnavailableException)
        {
            return DomainChangeOutcome.DirectoryUnavailable;
        }

        if (lookup.Status != PersonLookupStatus.Found || lookup.Person is null)
        {
            return DomainChangeOutcome.UnknownTeam;
        }

        if (!lookup.Person.IsTeam)
        {
            return DomainChangeOutcome.NotATeam;
        }

        var now = time.GetUtcNow();
        var before = domain.TeamMapping?.TeamName;
        if (domain.TeamMapping is null)
        {
            domain.TeamMapping = new TeamMapping { TeamName = name, UpdatedAt = now };
        }
        else
        {
            domain.TeamMapping.TeamName = name;
            domain.TeamMapping.UpdatedAt = now;
        }

        domain.UpdatedAt = now;
        db.AuditEntries.Add(AuditLog.Create(DashboardActor.NameOf(actor), TeamChangedAction, AuditLog.DomainTarget, domain.Name, new { team = before }, new { team = name }, now));
        await db.SaveChangesAsync(cancellationToken);
        changes.DomainChanged(domainId);
        return DomainChangeOutcome.Saved;
    }

    public async Task<DomainChangeOutcome> AddContactAsync(ClaimsPrincipal actor, int domainId, string? email, CancellationToken cancellationToken)
    {
        if (!await roles.IsAdminAsync(actor, cancellationToken))
        {
            return DomainChangeOutcome.NotAllowed;
        }

        if (!TryNormalizeContact(email, out var address))
        {
            return DomainChangeOutcome.InvalidContact;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var domain = await db.Domains.Include(d => d.AdminContacts).SingleOrDefaultAsync(d => d.Id == domainId, cancellationToken);
        if (domain is null)
        {
            return DomainChangeOutcome.NotFound;
        }

        if (domain.AdminContacts.Any(c => string.Equals(c.Email, address, StringComparison.OrdinalIgnoreCase)))
        {
            return DomainChangeOutcome.DuplicateContact;
        }

        var now = time.GetUtcNow();
        domain.AdminContacts.Add(new DomainAdminContact { Email = address });
        domain.UpdatedAt = now;
        db.AuditEntries.Add(AuditLog.Create(DashboardActor.NameOf(actor), ContactAddedAction, AuditLog.DomainTarget, domain.Name, null, new { contact = address }, now));
        await db.SaveChangesAsync(cancellationToken);
        changes.DomainChanged(domainId);
        return DomainChangeOutcome.Saved;
    }

    public async Task<DomainChangeOutcome> RemoveContactAsync(ClaimsPrincipal actor, int domainId, int contactId, CancellationToken cancellationToken)
    {
        if (!await roles.IsAdminAsync(actor, cancellationToken))
        {
            return DomainChangeOutcome.NotAllowed;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var domain = await db.Domains.Include(d => d.AdminContacts).SingleOrDefaultAsync(d => d.Id == domainId, cancellationToken);
        var contact = domain?.AdminContacts.SingleOrDefault(c => c.Id == contactId);
        if (domain is null || contact is null)
        {
            return DomainChangeOutcome.NotFound;
        }

        if (domain.IsEnabled && domain.AdminContacts.Count == 1)
        {
            return DomainChangeOutcome.LastContact;
        }

        var now = time.GetUtcNow();
        domain.AdminContacts.Remove(contact);
        domain.UpdatedAt = now;
        db.AuditEntries.Add(AuditLog.Create(DashboardActor.NameOf(actor), ContactRemovedAction, AuditLog.DomainTarget, domain.Name, new { contact = contact.Email }, null, now));
        await db.SaveChangesAsync(cancellationToken);
        changes.DomainChanged(domainId);
        return DomainChangeOutcome.Saved;
    }

    /// <summary>A real DNS check now; its result and time reach every open page showing the domain.</summary>
    public async Task<(DomainChangeOutcome Outcome, DomainCheckResult? Result)> CheckNowAsync(ClaimsPrincipal actor, int domainId, CancellationToken cancellationToken)
    {
        if (!await roles.IsAdminAsync(actor, cancellationToken))
        {
            return (DomainChangeOutcome.NotAllowed, null);
        }

        try
        {
            return (DomainChangeOutcome.Saved, await checks.CheckAsync(domainId, DashboardActor.NameOf(actor), cancellationToken));
        }
        catch (KeyNotFoundException)
        {
            return (DomainChangeOutcome.NotFound, null);
        }
    }

    /// <summary>One address, as <see cref="MailAddress"/> reads it, without a display name; lower-cased domain part.</summary>
    public static bool TryNormalizeContact(string? value, out string address)
    {
        address = "";
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > MaxContactLength || trimmed.Any(char.IsWhiteSpace)
            || !MailAddress.TryCreate(trimmed, out var parsed) || parsed.Address != trimmed || !DomainName.TryNormalize(parsed.Host, out var host))
        {
            return false;
        }

        address = parsed.User + "@" + host;
        return true;
    }

    private static async Task<List<DomainRow>> RowsAsync(IQueryable<MailDomain> domains, CancellationToken cancellationToken)
    {
        var rows = await domains
            .Select(d => new
            {
                d.Id,
                d.Name,
                Team = d.TeamMapping == null ? null : d.TeamMapping.TeamName,
                d.VerificationState,
                d.VerifiedAt,
                d.VerificationLostAt,
                d.VerificationCheckedAt,
                d.DnsCheckError,
                d.MxState,
                d.MxCheckedAt,
                d.IsEnabled,
                Contacts = d.AdminContacts.Select(c => c.Email).ToList(),
                ActiveAliases = d.Aliases.Count(a => a.IsEnabled),
            })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(d => new DomainRow(
            d.Id, d.Name, d.Team, d.VerificationState, d.VerifiedAt, d.VerificationLostAt, d.VerificationCheckedAt, d.DnsCheckError,
            d.MxState, d.MxCheckedAt, d.IsEnabled, [.. d.Contacts.Order(StringComparer.OrdinalIgnoreCase)], d.ActiveAliases))
            .OrderBy(d => d.Name, StringComparer.Ordinal)];
    }
}
