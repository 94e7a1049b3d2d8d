using System.Security.Claims;
using ForwardEmail.Dashboard.Core.Audit;
using ForwardEmail.Dashboard.Core.Data;
using ForwardEmail.Dashboard.Core.Directory;
using ForwardEmail.Dashboard.Core.Domain;
using ForwardEmail.Dashboard.Web.Features.Auth;
using Microsoft.EntityFrameworkCore;

namespace ForwardEmail.Dashboard.Web.Features.Admin;

public enum RoleChangeOutcome
{
    Granted,
    Revoked,
    AlreadyGranted,
    UnknownContributor,
    NotFound,
    NotAllowed,
    OnlyStaffRoles,
    CannotRevokeOwnAdmin,
}

public sealed record RoleAssignmentRow(int Id, string? Username, string? DisplayName, string Subject, DashboardRole Role, string GrantedBy, DateTimeOffset GrantedAt);

/// <summary>
/// Grants and revokes the table roles (support, admin). Each change re-checks that the actor is an admin now,
/// since a page's circuit can outlive a revocation, and writes an audit row in the same save.
/// </summary>
public sealed class RoleAdministrationService(IDbContextFactory<DashboardDbContext> dbFactory, RoleLookup roles, TimeProvider time)
{
    public const string GrantedAction = "role.granted";
    public const string RevokedAction = "role.revoked";
    public const string AuditTarget = AuditLog.ContributorTarget;

    public async Task<IReadOnlyList<RoleAssignmentRow>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.RoleAssignments.AsNoTracking()
            .Select(r => new RoleAssignmentRow(r.Id, r.Contributor!.Username, r.Contributor.DisplayName, r.Contributor.Subject, r.Role, r.GrantedBy, r.GrantedAt))
            .ToListAsync(cancellationToken);
        return [.. rows.OrderBy(r => r.Username, StringComparer.Ordinal).ThenBy(r => r.Role)];
    }

    public async Task<RoleChangeOutcome> GrantAsync(ClaimsPrincipal actor, string username, DashboardRole role, CancellationToken cancellationToken)
    {
        if (!await roles.IsAdminAsync(actor, cancellationToken))
        {
            return RoleChangeOutcome.NotAllowed;
        }

        if (role is not (DashboardRole.Support or DashboardRole.Admin))
        {
            return RoleChangeOutcome.OnlyStaffRoles;
        }

        var name = LaunchpadName.FoldTeamOrPerson(username);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var contributor = await db.Contributors.Include(c => c.Roles).FirstOrDefaultAsync(c => c.Username == name, cancellationToken);

        // Only people who signed in at least once: an imported record has no sign-in to attach the role to yet.
        if (contributor is null || contributor.LastSignInAt is null)
        {
            return RoleChangeOutcome.UnknownContributor;
        }

        if (contributor.Roles.Any(r => r.Role == role))
        {
            return RoleChangeOutcome.AlreadyGranted;
        }

        var now = time.GetUtcNow();
        var by = DashboardActor.NameOf(actor);
        contributor.Roles.Add(new RoleAssignment { Role = role, GrantedBy = by, GrantedAt = now });
        db.AuditEntries.Add(AuditLog.Create(by, GrantedAction, AuditTarget, name, before: null, after: new { role = role.ToString() }, now));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another admin granted the same role at the same moment (unique contributor + role).
            return RoleChangeOutcome.AlreadyGranted;
        }

        return RoleChangeOutcome.Granted;
    }

    public async Task<RoleChangeOutcome> RevokeAsync(ClaimsPrincipal actor, int assignmentId, CancellationToken cancellationToken)
    {
        if (!await roles.IsAdminAsync(actor, cancellationToken))
        {
            return RoleChangeOutcome.NotAllowed;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var assignment = await db.RoleAssignments.Include(r => r.Contributor).FirstOrDefaultAsync(r => r.Id == assignmentId, cancellationToken);
        if (assignment?.Contributor is null)
        {
            return RoleChangeOutcome.NotFound;
        }

        if (assignment.Role == DashboardRole.Admin
            && actor.FindFirst(DashboardClaimTypes.Subject)?.Value == assignment.Contributor.Subject)
        {
            return RoleChangeOutcome.CannotRevokeOwnAdmin;
        }

        var now = time.GetUtcNow();
        var by = DashboardActor.NameOf(actor);
        db.RoleAssignments.Remove(assignment);
        db.AuditEntries.Add(AuditLog.Create(by, RevokedAction, AuditTarget, assignment.Contributor.Username ?? assignment.Contributor.Subject,
            before: new { role = assignment.Role.ToString(), grantedBy = assignment.GrantedBy, grantedAt = assignment.GrantedAt }, after: null, now));
        await db.SaveChangesAsync(cancellationToken);
        return RoleChangeOutcome.Revoked;
    }
}
