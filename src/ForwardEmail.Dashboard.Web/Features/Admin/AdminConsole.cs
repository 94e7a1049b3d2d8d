using System.Security.Claims;
using ForwardEmail.Dashboard.Core.Admin;
using ForwardEmail.Dashboard.Core.Data;
using ForwardEmail.Dashboard.Core.Provisioning;
using ForwardEmail.Dashboard.Web.Features.Auth;
using Microsoft.EntityFrameworkCore;

namespace ForwardEmail.Dashboard.Web.Features.Admin;

public sealed record DomainChoice(int Id, string Name);

/// <summary>
/// Every read and action of the admin console's alias and contributor pages, each checked against the actor's roles now (a
/// page's circuit can outlive a revocation, and a hidden button is no authorisation): support and admins read (also the
/// audit trail) and run
/// "Provision now" (support retries provisioning for one person); only admins change aliases and ban or unban.
/// The Core services do the work and audit it.
/// </summary>
public sealed class AdminConsole(
    RoleLookup roles, AliasAdministration aliases, ContributorAdministration contributors, AuditTrail audit, IDbContextFactory<DashboardDbContext> dbFactory)
{
    public Task<bool> IsAdminAsync(ClaimsPrincipal user, CancellationToken cancellationToken) => roles.IsAdminAsync(user, cancellationToken);

    /// <summary>Null when the user may not read aliases (any more).</summary>
    public async Task<AliasPage?> ListAliasesAsync(ClaimsPrincipal user, AliasQuery query, CancellationToken cancellationToken) =>
        await roles.IsSupportAsync(user, cancellationToken) ? await aliases.ListAsync(query, cancellationToken) : null;

    public async Task<IReadOnlyList<DomainChoice>> DomainsAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Domains.AsNoTracking().OrderBy(d => d.Name).Select(d => new DomainChoice(d.Id, d.Name)).ToListAsync(cancellationToken);
    }

    public Task<AliasChangeOutcome> DisableAliasAsync(ClaimsPrincipal user, long aliasId, string? note, CancellationToken cancellationToken) =>
        roles.AsAdminAsync(user, AliasChangeOutcome.NotAllowed, actor => aliases.DisableAsync(aliasId, note, actor, cancellationToken), cancellationToken);

    public Task<AliasChangeOutcome> EnableAliasAsync(ClaimsPrincipal user, long aliasId, string? note, CancellationToken cancellationToken) =>
        roles.AsAdminAsync(user, AliasChangeOutcome.NotAllowed, actor => aliases.EnableAsync(aliasId, note, actor, cancellationToken), cancellationToken);

    public Task<(AliasChangeOutcome Outcome, long? AliasId)> CreateManualAliasAsync(ClaimsPrincipal user, ManualAliasRequest request, CancellationToken cancellationToken) =>
        roles.AsAdminAsync(user, (AliasChangeOutcome.NotAllowed, (long?)null), actor => aliases.CreateManualAsync(request, actor, cancellationToken), cancellationToken);

    public async Task<ContributorPage?> SearchContributorsAsync(ClaimsPrincipal user, ContributorQuery query, CancellationToken cancellationToken) =>
        await roles.IsSupportAsync(user, cancellationToken) ? await contributors.SearchAsync(query, cancellationToken) : null;

    /// <summary>Null when the contributor does not exist or the user may not read them.</summary>
    public async Task<ContributorDetail?> ContributorAsync(ClaimsPrincipal user, int contributorId, CancellationToken cancellationToken) =>
        await roles.IsSupportAsync(user, cancellationToken) ? await contributors.GetAsync(contributorId, cancellationToken) : null;

    public Task<(ContributorChangeOutcome Outcome, ProvisioningResult? Result)> BanAsync(ClaimsPrincipal user, int contributorId, string? reason, CancellationToken cancellationToken) =>
        roles.AsAdminAsync(user, (ContributorChangeOutcome.NotAllowed, (ProvisioningResult?)null), actor => contributors.BanAsync(contributorId, reason, actor, cancellationToken), cancellationToken);

    public Task<(ContributorChangeOutcome Outcome, ProvisioningResult? Result)> UnbanAsync(ClaimsPrincipal user, int contributorId, CancellationToken cancellationToken) =>
        roles.AsAdminAsync(user, (ContributorChangeOutcome.NotAllowed, (ProvisioningResult?)null), actor => contributors.UnbanAsync(contributorId, actor, cancellationToken), cancellationToken);

    public Task<(ContributorChangeOutcome Outcome, ProvisioningResult? Result)> ProvisionNowAsync(ClaimsPrincipal user, int contributorId, CancellationToken cancellationToken) =>
        roles.AsSupportAsync(user, (ContributorChangeOutcome.NotAllowed, (ProvisioningResult?)null), actor => contributors.ProvisionNowAsync(contributorId, actor, cancellationToken), cancellationToken);

    /// <summary>Null when the user may not read the audit trail (any more).</summary>
    public async Task<AuditEntriesPage?> AuditAsync(ClaimsPrincipal user, AuditQuery query, CancellationToken cancellationToken) =>
        await roles.IsSupportAsync(user, cancellationToken) ? await audit.ListAsync(query, cancellationToken) : null;
}
