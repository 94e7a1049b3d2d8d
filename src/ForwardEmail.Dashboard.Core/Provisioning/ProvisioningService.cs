using System.Net.Mail;
using ForwardEmail.Dashboard.Core.Data;
using ForwardEmail.Dashboard.Core.Directory;
using ForwardEmail.Dashboard.Core.Live;
using ForwardEmail.Dashboard.Core.Errors;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ForwardEmail.Dashboard.Core.Provisioning;

/// <summary>What a provisioning run reads once and shares: domains with team and contacts, reserved names, held domains.</summary>
internal sealed class ProvisioningSetup(IReadOnlyList<DomainInfo> domains, IReadOnlySet<string> reservedNames)
{
    public IReadOnlyList<DomainInfo> Domains { get; } = domains;
    public IReadOnlySet<string> ReservedNames { get; } = reservedNames;

    /// <summary>Domains the removal circuit breaker holds in this run: nothing is scheduled for removal or disabled there.</summary>
    public HashSet<int> HeldDomainIds { get; } = [];

    /// <summary>
    /// Holds every provisioning domain whose team listing could not be used (broken paging, invalid mapping): nothing is created
    /// from partial data or removed there. Returns those domains with the fault.
    /// </summary>
    public IReadOnlyList<(DomainInfo Domain, TeamMembers Team)> HoldFaultedDomains(MembersMap map)
    {
        var held = new List<(DomainInfo, TeamMembers)>();
        foreach (var domain in Domains.Where(d => d.CanProvision && d.Team is not null))
        {
            if (map.Teams.TryGetValue(domain.Team!, out var team) && team.IsFaulted)
            {
                HeldDomainIds.Add(domain.Id);
                held.Add((domain, team));
            }
        }

        return held;
    }

    /// <summary>Teams of the domains that provision now; the members map covers these.</summary>
    public IReadOnlyList<string> Teams =>
        Domains.Where(d => d.CanProvision && d.Team is not null).Select(d => d.Team!).Distinct(StringComparer.Ordinal).ToList();

    public static async Task<ProvisioningSetup> LoadAsync(DashboardDbContext db, CancellationToken cancellationToken)
    {
        var domains = await db.Domains.AsNoTracking()
            .OrderBy(d => d.Id)
            .Select(d => new
            {
                d.Id,
                d.Name,
                d.IsEnabled,
                d.VerificationState,
                Team = d.TeamMapping != null ? d.TeamMapping.TeamName : null,
                Contacts = d.AdminContacts.OrderBy(c => c.Id).Select(c => c.Email).ToList(),
            })
            .AsSplitQuery()
            .ToListAsync(cancellationToken);
        var reserved = await db.ReservedNames.AsNoTracking().Select(r => r.Name).ToListAsync(cancellationToken);

        return new ProvisioningSetup(
            domains.Select(d => new DomainInfo(d.Id, d.Name, d.Team is null ? null : LaunchpadName.FoldTeamOrPerson(d.Team),
                d.IsEnabled && d.VerificationState == DomainVerificationState.Verified, d.Contacts)).ToList(),
            reserved.Concat(ReservedName.BuiltIn).Select(n => LaunchpadName.FoldCase(n.Trim())).ToHashSet(StringComparer.Ordinal));
    }
}

/// <summary>A person request made ahead of time (reconciliation prefetches them with bounded concurrency).</summary>
internal sealed record PrefetchedLookup(PersonLookup? Lookup, Exception? Failure);

/// <summary>
/// Provisions one contributor (PRODUCT.md section 3): the same code for the contributor's claim, a support retry and the
/// scheduled reconciliation. Checks run in the specified order; all changes for the contributor, with their audit rows
/// and outbox messages, commit in one transaction; a run that would change nothing writes nothing.
/// </summary>
public sealed partial class ProvisioningService(
    IDbContextFactory<DashboardDbContext> contextFactory,
    ITeamMembershipProvider membershipProvider,
    IDirectoryClient directory,
    ErrorLogService errorLog,
    IDashboardChangeNotifier changes,
    IOptions<ProvisioningOptions> options,
    TimeProvider time,
    ILogger<ProvisioningService> logger)
{
    /// <summary>Provisions one contributor using the cached members map (fetched if stale); one person request only if no listing describes them.</summary>
    /// <exception cref="KeyNotFoundException">No contributor has this id.</exception>
    public async Task<ProvisioningResult> ProvisionAsync(int contributorId, ProvisioningTrigger trigger, string actor, CancellationToken cancellationToken) =>
        await ProvisionAsync(contributorId, map: null, freshListings: false, trigger, actor, cancellationToken);

    /// <summary>
    /// Support's "Retry now", after someone fixed the directory entry: the team listings are read afresh, because one cached
    /// before the fix would fail the person again. Automatic retries use the cache (they would read every listing per person).
    /// </summary>
    /// <exception cref="KeyNotFoundException">No contributor has this id.</exception>
    public async Task<ProvisioningResult> ProvisionWithFreshListingsAsync(int contributorId, ProvisioningTrigger trigger, string actor, CancellationToken cancellationToken) =>
        await ProvisionAsync(contributorId, map: null, freshListings: true, trigger, actor, cancellationToken);

    /// <summary>Provisions one contributor against a members map the caller already holds (null: read it from the provider, cached).</summary>
    /// <exception cref="KeyNotFoundException">No contributor has this id.</exception>
    public async Task<ProvisioningResult> ProvisionAsync(
        int contributorId, MembersMap? map, ProvisioningTrigger trigger, string actor, CancellationToken cancellationToken) =>
        await ProvisionAsync(contributorId, map, freshListings: false, trigger, actor, cancellationToken);

    private async Task<ProvisioningResult> ProvisionAsync(
        int contributorId, MembersMap? map, bool freshListings, ProvisioningTrigger trigger, string actor, CancellationToken cancellationToken)
    {
        Contributor contributor;
        ProvisioningSetup setup;
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            contributor = await db.Contributors.AsNoTracking().SingleOrDefaultAsync(c => c.Id == contributorId, cancellationToken)
                ?? throw new KeyNotFoundException($"Contributor {contributorId} does not exist.");
            setup = await ProvisioningSetup.LoadAsync(db, cancellationToken);
        }

        LogProvisioning(logger, contributorId, trigger, actor);
        if (map is null && ValidateUser(contributor, out _) is null && !contributor.IsBanned)
        {
            try
            {
                map = await membershipProvider.GetMembersMapAsync(setup.Teams, forceRefresh: freshListings, cancellationToken);
            }
            catch (DirectoryUnavailableException ex)
            {
                var error = ProvisioningError.Create(ProvisioningErrorKind.DirectoryUnavailable, ex.Message, ProvisioningSteps.Membership);
                await RecordAsync(contributor, error, cancellationToken);
                return new ProvisioningResult(contributor.Id, error, []);
            }
            catch (InvalidDirectoryResponseException ex)
            {
                var error = ProvisioningError.Create(ProvisioningErrorKind.InvalidDirectoryResponse, ex.Message, ProvisioningSteps.Membership);
                await RecordAsync(contributor, error, cancellationToken);
                return new ProvisioningResult(contributor.Id, error, []);
            }
        }

        map ??= new MembersMap(new Dictionary<string, TeamMembers>());
        var faulted = setup.HoldFaultedDomains(map);
        var result = await ProvisionPreparedAsync(contributor, setup, map, null, null, actor, digestRunId: null, cancellationToken);
        if (result.Error is null && faulted.Count > 0)
        {
            // The other domains were provisioned; the held ones are reported so the contributor is not told to join a team.
            var error = ProvisioningError.Create(ProvisioningErrorKind.InvalidDirectoryResponse,
                string.Join(" ", faulted.Select(f => $"@{f.Domain.Name} is held: {f.Team.Fault}")), ProvisioningSteps.Membership);
            await RecordAsync(contributor, error, cancellationToken);
            result = result with { Error = error };
        }

        return result;
    }

    /// <summary>The shared path. <paramref name="preloadedAliases"/> (untracked) lets reconciliation skip the transaction when nothing changes.</summary>
    internal async Task<ProvisioningResult> ProvisionPreparedAsync(
        Contributor contributor,
        ProvisioningSetup setup,
        MembersMap map,
        PrefetchedLookup? prefetched,
        IReadOnlyCollection<Alias>? preloadedAliases,
        string actor,
        string? digestRunId,
        CancellationToken cancellationToken)
    {
        // Step 1: a complete user record. An incomplete one provisions nothing, but the aliases it holds still go through the
        // grace period (a username taken over by another subject leaves this record without one): nothing stays enabled forever.
        var invalid = ValidateUser(contributor, out var aliasName);
        if (invalid is not null)
        {
            await RecordAsync(contributor, invalid, cancellationToken);
            var incomplete = new Decision(DecisionKind.Ineligible, AliasReasons.InvalidUser,
                domain => setup.HeldDomainIds.Contains(domain.Id) ? Membership.Unknown : Membership.NotMember);
            var held = await ApplyAsync(contributor, aliasName, incomplete, setup, preloadedAliases, actor, digestRunId, cancellationToken);
            return new ProvisioningResult(contributor.Id, invalid, held.Outcomes);
        }

        Decision decision;
        ProvisioningError? error = null;
        if (contributor.IsBanned)
        {
            // Step 2: banned by an admin; aliases are disabled at once, no grace period.
            decision = new Decision(DecisionKind.Banned, AliasReasons.Banned, _ => Membership.NotMember);
            error = ProvisioningError.Create(ProvisioningErrorKind.Banned,
                $"Banned by an admin{(contributor.BannedReason is null ? "" : $": {contributor.BannedReason}")}.", ProvisioningSteps.Ban);
        }
        else
        {
            var person = map.Describe(aliasName);
            PersonLookupStatus status = PersonLookupStatus.Found;
            if (person is null)
            {
                var lookup = prefetched ?? await LookupAsync(aliasName, cancellationToken);
                if (lookup.Failure is not null)
                {
                    var failure = FromDirectoryFailure(lookup.Failure);
                    await RecordAsync(contributor, failure, cancellationToken);
                    return new ProvisioningResult(contributor.Id, failure, []);
                }

                status = lookup.Lookup!.Status;
                person = lookup.Lookup.Person;
            }
            else if (person.IsMalformed)
            {
                // The listing names them but says nothing usable: their aliases stay exactly as they are until it does.
                var malformed = ProvisioningError.Create(ProvisioningErrorKind.InvalidDirectoryResponse, person.Problem!, ProvisioningSteps.Directory);
                await RecordAsync(contributor, malformed, cancellationToken);
                return new ProvisioningResult(contributor.Id, malformed, []);
            }

            // Steps 3 and 4.
            (decision, error) = (status, person) switch
            {
                (PersonLookupStatus.NotFound, _) => Ineligible(setup, ProvisioningErrorKind.AccountNotFound, AliasReasons.AccountNotFound,
                    $"The directory has no account '{aliasName}' (404).", ProvisioningSteps.Validity),
                (PersonLookupStatus.Suspended, _) => Ineligible(setup, ProvisioningErrorKind.AccountNotValid, AliasReasons.AccountNotValid,
                    $"The directory account '{aliasName}' is suspended (410).", ProvisioningSteps.Validity),
                (_, { IsValid: false } or { IsTeam: true }) => Ineligible(setup, ProvisioningErrorKind.AccountNotValid, AliasReasons.AccountNotValid,
                    $"The directory says '{aliasName}' is not a valid account.", ProvisioningSteps.Validity),
                (_, { IsCocSigner: false }) => Ineligible(setup, ProvisioningErrorKind.CocNotSigned, AliasReasons.CocNotSigned,
                    $"'{aliasName}' has not signed the Ubuntu Code of Conduct.", ProvisioningSteps.CodeOfConduct),
                _ => (new Decision(DecisionKind.Eligible, null, domain => MembershipOf(domain, aliasName, map, setup)), null),
            };

            if (decision.Kind == DecisionKind.Eligible)
            {
                var provisioning = setup.Domains.Where(d => d.CanProvision && d.Team is not null).ToList();
                var states = provisioning.Select(decision.MembershipOf).ToList();
                if (provisioning.Count > 0 && states.All(s => s == Membership.NotMember))
                {
                    var teams = provisioning.Select(d => d.Team!).Distinct(StringComparer.Ordinal).ToList();
                    error = ProvisioningError.Create(ProvisioningErrorKind.NotInTeam,
                        $"'{aliasName}' is in none of the mapped teams: {string.Join(", ", teams.Select(t => "~" + t))}.", ProvisioningSteps.Membership)
                        with { TeamsToJoin = teams };
                }
            }
        }

        var plan = await ApplyAsync(contributor, aliasName, decision, setup, preloadedAliases, actor, digestRunId, cancellationToken);

        if (error is null && plan.Conflicts.Count > 0)
        {
            error = ProvisioningError.Create(ProvisioningErrorKind.AliasConflict,
                $"{string.Join(", ", plan.Conflicts)}: the name is reserved or already taken by a manual alias or another contributor.", ProvisioningSteps.Alias)
                with { Address = plan.Conflicts[0] };
        }

        if (error is not null)
        {
            await RecordAsync(contributor, error, cancellationToken);
        }

        return new ProvisioningResult(contributor.Id, error, plan.Outcomes);
    }

    internal async Task<PrefetchedLookup> LookupAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return new PrefetchedLookup(await directory.GetPersonAsync(name, cancellationToken), null);
        }
        catch (Exception ex) when (ex is DirectoryUnavailableException or InvalidDirectoryResponseException or InvalidDirectoryNameException)
        {
            return new PrefetchedLookup(null, ex);
        }
    }

    /// <summary>Step 1. Returns the error, or null with the alias name (the lowercased username).</summary>
    internal static ProvisioningError? ValidateUser(Contributor contributor, out string aliasName)
    {
        aliasName = "";
        var problems = new List<string>();
        if (!LaunchpadName.TryNormalize(contributor.Username?.Trim(), out var normalized))
        {
            problems.Add(contributor.Username is null ? "no directory username" : $"username '{contributor.Username}' is not a Launchpad name");
        }

        if (string.IsNullOrWhiteSpace(contributor.Subject))
        {
            problems.Add("no identity-provider subject");
        }

        if (!IsValidEmail(contributor.Email))
        {
            problems.Add($"email '{contributor.Email}' is not a valid address");
        }

        if (problems.Count > 0)
        {
            return ProvisioningError.Create(ProvisioningErrorKind.InvalidUser, $"Incomplete user record: {string.Join("; ", problems)}.", ProvisioningSteps.UserRecord);
        }

        aliasName = normalized!;
        return null;
    }

    internal static bool IsValidEmail(string? email)
    {
        var trimmed = email?.Trim();
        return !string.IsNullOrEmpty(trimmed)
            && MailAddress.TryCreate(trimmed, out var address)
            && string.Equals(address.Address, trimmed, StringComparison.Ordinal)
            && address.Host.Contains('.', StringComparison.Ordinal);
    }

    private static (Decision, ProvisioningError) Ineligible(ProvisioningSetup setup, ProvisioningErrorKind kind, string reason, string detail, string step) =>
        (new Decision(DecisionKind.Ineligible, reason, domain => setup.HeldDomainIds.Contains(domain.Id) ? Membership.Unknown : Membership.NotMember),
            ProvisioningError.Create(kind, detail, step));

    private static Membership MembershipOf(DomainInfo domain, string name, MembersMap map, ProvisioningSetup setup)
    {
        if (domain.Team is null)
        {
            return Membership.NotMember;
        }

        if (!map.Teams.TryGetValue(domain.Team, out var members))
        {
            return Membership.Unknown;
        }

        if (members.People.ContainsKey(name))
        {
            return Membership.Member;
        }

        // A suspect (empty) listing, or a domain the circuit breaker holds, never says anyone left.
        return members.IsSuspect || setup.HeldDomainIds.Contains(domain.Id) ? Membership.Unknown : Membership.NotMember;
    }

    private static ProvisioningError FromDirectoryFailure(Exception failure) => failure switch
    {
        DirectoryUnavailableException => ProvisioningError.Create(ProvisioningErrorKind.DirectoryUnavailable, failure.Message, ProvisioningSteps.Directory),
        InvalidDirectoryNameException => ProvisioningError.Create(ProvisioningErrorKind.InvalidUser, failure.Message, ProvisioningSteps.UserRecord),
        _ => ProvisioningError.Create(ProvisioningErrorKind.InvalidDirectoryResponse, failure.Message, ProvisioningSteps.Directory),
    };

    private async Task<AliasPlan> ApplyAsync(
        Contributor contributor, string aliasName, Decision decision, ProvisioningSetup setup,
        IReadOnlyCollection<Alias>? preloadedAliases, string actor, string? digestRunId, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();

        // A dry run on copies first (read by a context of their own, or cloned): a run that changes nothing opens no
        // transaction and writes nothing.
        List<Alias> current;
        if (preloadedAliases is null)
        {
            await using var read = await contextFactory.CreateDbContextAsync(cancellationToken);
            current = await AliasesOfAsync(read, contributor.Id, aliasName, cancellationToken);
        }
        else
        {
            current = preloadedAliases.Where(a => a.OwnerId == contributor.Id || a.Name == aliasName).Select(Clone).ToList();
        }

        var dryRun = AliasPlanner.Plan(contributor, aliasName, decision, setup.Domains, setup.ReservedNames, current, settings.GracePeriod, actor, now, digestRunId);
        if (!dryRun.HasWrites)
        {
            return dryRun;
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
                // SQL Server retries transient faults (EnableRetryOnFailure), and then only a unit of work run by the execution
                // strategy may open a transaction: each attempt starts from a clean change tracker and plans from fresh reads.
                var plan = await db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
                {
                    db.ChangeTracker.Clear();
                    // On SQLite this is BEGIN IMMEDIATE: concurrent runs for the same person queue here and the later one re-reads.
                    await using var transaction = await db.Database.BeginTransactionAsync(token);
                    var aliases = await AliasesOfAsync(db, contributor.Id, aliasName, token);
                    var attemptPlan = AliasPlanner.Plan(contributor, aliasName, decision, setup.Domains, setup.ReservedNames, aliases, settings.GracePeriod, actor, now, digestRunId);
                    if (!attemptPlan.HasWrites)
                    {
                        return attemptPlan;
                    }

                    db.Aliases.AddRange(attemptPlan.NewAliases);
                    db.AuditEntries.AddRange(attemptPlan.Audit);
                    db.Outbox.AddRange(attemptPlan.Outbox);
                    db.DigestCandidates.AddRange(attemptPlan.DigestCandidates);

                    await db.SaveChangesAsync(token);
                    await transaction.CommitAsync(token);
                    return attemptPlan;
                }, cancellationToken);

                if (plan.HasWrites)
                {
                    LogChanged(logger, contributor.Id, plan.Audit.Count, plan.Outbox.Count);
                    changes.AliasesChanged(contributor.Id);
                }

                return plan;
            }
            catch (DbUpdateException ex) when (DatabaseErrors.IsUniqueViolation(ex) && attempt < settings.MaxWriteAttempts)
            {
                // A concurrent run created the same alias first; the next attempt re-reads and finds it.
                LogConcurrentWrite(logger, contributor.Id, attempt);
            }
            catch (Exception ex) when (DatabaseErrors.IsBusy(ex) && attempt < settings.MaxWriteAttempts)
            {
                LogConcurrentWrite(logger, contributor.Id, attempt);
            }
        }
    }

    /// <summary>
    /// The contributor's aliases and any alias with their name, tracked so the writing transaction can update them.
    /// Compiled once: this read runs in every writing transaction, thousands of times per reconciliation.
    /// </summary>
    private static readonly Func<DashboardDbContext, int, string, IAsyncEnumerable<Alias>> AliasesOf =
        EF.CompileAsyncQuery((DashboardDbContext db, int contributorId, string aliasName) =>
            db.Aliases.Where(a => a.OwnerId == contributorId || a.Name == aliasName));

    private static async Task<List<Alias>> AliasesOfAsync(DashboardDbContext db, int contributorId, string aliasName, CancellationToken cancellationToken)
    {
        var aliases = new List<Alias>();
        await foreach (var alias in AliasesOf(db, contributorId, aliasName).WithCancellation(cancellationToken))
        {
            aliases.Add(alias);
        }

        return aliases;
    }

    private static Alias Clone(Alias alias) => new()
    {
        Id = alias.Id,
        DomainId = alias.DomainId,
        Name = alias.Name,
        OwnerId = alias.OwnerId,
        Recipients = alias.Recipients.ToList(),
        IsEnabled = alias.IsEnabled,
        Origin = alias.Origin,
        DisabledReason = alias.DisabledReason,
        DisabledAt = alias.DisabledAt,
        IneligibleSince = alias.IneligibleSince,
        IneligibleReason = alias.IneligibleReason,
        CreatedAt = alias.CreatedAt,
        UpdatedAt = alias.UpdatedAt,
    };

    private Task<ErrorRecordResult> RecordAsync(Contributor contributor, ProvisioningError error, CancellationToken cancellationToken) =>
        errorLog.RecordAsync(new ErrorReport(
            error.Kind,
            error.Step,
            error.Detail,
            FingerprintKey: string.IsNullOrWhiteSpace(contributor.Subject) ? $"contributor:{contributor.Id}" : $"subject:{contributor.Subject}",
            contributor.Id,
            contributor.Username,
            contributor.Email,
            contributor.Subject), cancellationToken);

    [LoggerMessage(EventId = 2000, Level = LogLevel.Debug, Message = "Provisioning contributor {ContributorId} ({Trigger}) for {Actor}")]
    private static partial void LogProvisioning(ILogger logger, int contributorId, ProvisioningTrigger trigger, string actor);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Contributor {ContributorId}: {Changes} alias change(s), {Messages} notification(s) queued")]
    private static partial void LogChanged(ILogger logger, int contributorId, int changes, int messages);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Contributor {ContributorId}: a concurrent writer got there first (attempt {Attempt}), re-reading")]
    private static partial void LogConcurrentWrite(ILogger logger, int contributorId, int attempt);
}
