using System.Diagnostics;
using ForwardEmail.Dashboard.Core.Audit;
using ForwardEmail.Dashboard.Core.Data;
using ForwardEmail.Dashboard.Core.Directory;
using ForwardEmail.Dashboard.Core.Errors;
using ForwardEmail.Dashboard.Core.Live;
using ForwardEmail.Dashboard.Core.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ForwardEmail.Dashboard.Core.Provisioning;

/// <summary>What one reconciliation did. Counts are changes made by this run (a second unchanged run reports zeros but <see cref="ContributorsProcessed"/>).</summary>
public sealed record ReconciliationStats(
    int ContributorsProcessed,
    int Created,
    int Updated,
    int Disabled,
    int PendingRemoval,
    int Errors,
    int HeldDomains,
    TimeSpan Duration);

/// <summary>
/// The scheduled reconciliation: reads every mapped team's participants once (forced refresh), then provisions every
/// contributor against that map, a page at a time, one transaction per contributor that changes. Applies the removal
/// circuit breaker per domain before anything is removed.
/// </summary>
public sealed partial class ReconciliationService(
    IDbContextFactory<DashboardDbContext> contextFactory,
    ITeamMembershipProvider membershipProvider,
    ProvisioningService provisioning,
    ErrorLogService errorLog,
    IDashboardChangeNotifier changes,
    IOptions<ProvisioningOptions> options,
    TimeProvider time,
    ILogger<ReconciliationService> logger)
{
    public const string EmptyListingReason = "empty-listing";
    public const string ShareExceededReason = "share-exceeded";

    /// <exception cref="DirectoryUnavailableException">The team listings could not be read (recorded in the error log first; a retry job runs it again).</exception>
    public async Task<ReconciliationStats> ReconcileAsync(string actor, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var started = time.GetTimestamp();
        var runId = Guid.NewGuid().ToString("N");

        // Candidates a crashed run left behind are sent now (as messages or digests); nothing is lost, nothing sent twice.
        await FlushDigestsAsync(runId: null, cancellationToken);

        ProvisioningSetup setup;
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            setup = await ProvisioningSetup.LoadAsync(db, cancellationToken);
        }

        MembersMap map;
        try
        {
            map = await membershipProvider.GetMembersMapAsync(setup.Teams, forceRefresh: true, cancellationToken);
        }
        catch (Exception ex) when (ex is DirectoryUnavailableException or InvalidDirectoryResponseException)
        {
            var kind = ex is DirectoryUnavailableException ? ProvisioningErrorKind.DirectoryUnavailable : ProvisioningErrorKind.InvalidDirectoryResponse;
            await errorLog.RecordAsync(new ErrorReport(kind, ProvisioningSteps.Reconciliation,
                $"Reconciliation could not read the team listings: {ex.Message}", "reconciliation"), cancellationToken);
            throw;
        }

        // A team whose listing cannot be used holds its own domain only; the others reconcile.
        foreach (var (domain, team) in setup.HoldFaultedDomains(map))
        {
            LogTeamFaulted(logger, domain.Name, team.Team, team.Fault!);
            await errorLog.RecordAsync(
                new ErrorReport(ProvisioningErrorKind.InvalidDirectoryResponse, ProvisioningSteps.Membership,
                    $"@{domain.Name} (~{team.Team}) was held, nothing created or removed there: {team.Fault}", $"domain:{domain.Name}"),
                (_, at) => Notifications.TeamListingFault(domain.Contacts, domain.Name, team.Team, team.Fault!, at),
                cancellationToken);
        }

        var confirmed = await ApplyCircuitBreakerAsync(setup, map, actor, cancellationToken);

        // Person requests (only for contributors no listing describes) run in the background, bounded, while pages are written.
        using var lookupCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var lookups = await StartLookupsAsync(map, settings.DirectoryLookupConcurrency, lookupCancellation.Token);

        int processed = 0, created = 0, updated = 0, disabled = 0, pending = 0, errors = 0;
        var lastId = 0;
        try
        {
            while (true)
            {
                List<Contributor> page;
                List<Alias> aliases;
                await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
                {
                    page = await db.Contributors.AsNoTracking()
                        .Where(c => c.Id > lastId)
                        .OrderBy(c => c.Id)
                        .Take(settings.ReconciliationBatchSize)
                        .ToListAsync(cancellationToken);
                    if (page.Count == 0)
                    {
                        break;
                    }

                    var ids = page.Select(c => (int?)c.Id).ToList();
                    var names = page.Select(c => LaunchpadName.TryNormalize(c.Username?.Trim(), out var n) ? n : null).OfType<string>().ToList();
                    aliases = await db.Aliases.AsNoTracking()
                        .Where(a => ids.Contains(a.OwnerId) || names.Contains(a.Name))
                        .ToListAsync(cancellationToken);
                }

                lastId = page[^1].Id;
                foreach (var contributor in page)
                {
                    var lookup = lookups.Pending.TryGetValue(contributor.Id, out var waiting) ? await waiting.Task.WaitAsync(cancellationToken) : null;
                    var result = await provisioning.ProvisionPreparedAsync(contributor, setup, map, lookup, aliases, actor, runId, cancellationToken);
                    processed++;
                    errors += result.Error is null ? 0 : 1;
                    foreach (var outcome in result.Domains.Where(o => o.Changed))
                    {
                        switch (outcome.Kind)
                        {
                            case DomainOutcomeKind.Created or DomainOutcomeKind.CreatedDisabledSelfForwarding: created++; break;
                            case DomainOutcomeKind.Updated: updated++; break;
                            case DomainOutcomeKind.Disabled: disabled++; break;
                            case DomainOutcomeKind.PendingRemoval: pending++; break;
                        }
                    }
                }
            }

            await lookups.Completion;
        }
        finally
        {
            // Stops person requests still running if a page failed; a no-op once they are all done.
            await lookupCancellation.CancelAsync();
        }

        await FlushDigestsAsync(runId, cancellationToken);

        if (confirmed.Count > 0)
        {
            await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
            var now = time.GetUtcNow();
            await db.RemovalReviews.Where(r => confirmed.Contains(r.Id))
                .ExecuteUpdateAsync(set => set.SetProperty(r => r.Status, RemovalReviewStatus.Applied).SetProperty(r => r.AppliedAt, now), cancellationToken);
        }

        var stats = new ReconciliationStats(processed, created, updated, disabled, pending, errors, setup.HeldDomainIds.Count, time.GetElapsedTime(started));
        LogReconciled(logger, stats.ContributorsProcessed, stats.Created, stats.Updated, stats.Disabled, stats.PendingRemoval, stats.Errors, stats.HeldDomains, stats.Duration);
        return stats;
    }

    /// <summary>
    /// Counts per domain the enabled aliases this run would newly schedule for removal. An empty (suspect) listing or more than
    /// the configured share holds the domain: nothing removed there, a review recorded for admins, an error logged. A confirmed
    /// review lifts the hold only for the removals it listed (the ones due now must all be among them), only before it expires,
    /// and never for an empty listing. Returns the ids of confirmed reviews this run applies.
    /// </summary>
    private async Task<List<int>> ApplyCircuitBreakerAsync(ProvisioningSetup setup, MembersMap map, string actor, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var domains = setup.Domains.Where(d => d.CanProvision && d.Team is not null).ToList();
        var domainIds = domains.Select(d => d.Id).ToList();
        var confirmedIds = new List<int>();
        var now = time.GetUtcNow();

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var enabled = await db.Aliases.AsNoTracking()
            .Where(a => a.IsEnabled && a.Origin == AliasOrigin.Provisioned && a.OwnerId != null && domainIds.Contains(a.DomainId))
            .Select(a => new { a.Id, a.DomainId, a.Name, a.IneligibleSince, a.Owner!.Username, a.Owner.IsBanned })
            .ToListAsync(cancellationToken);
        var reviews = await db.RemovalReviews
            .Where(r => r.Status == RemovalReviewStatus.Pending || r.Status == RemovalReviewStatus.Confirmed)
            .ToListAsync(cancellationToken);
        foreach (var stale in reviews.Where(r => now >= r.ExpiresAt))
        {
            stale.Status = RemovalReviewStatus.Expired;
        }

        reviews.RemoveAll(r => r.Status == RemovalReviewStatus.Expired);

        foreach (var domain in domains.Where(d => !setup.HeldDomainIds.Contains(d.Id)))
        {
            map.Teams.TryGetValue(domain.Team!, out var members);
            var ofDomain = enabled.Where(a => a.DomainId == domain.Id).ToList();
            var suspect = members is null || members.IsSuspect;
            // An empty listing says everyone left: that is the fault the breaker exists for, whatever an older snapshot says.
            var affected = ofDomain
                .Where(a => a.IneligibleSince is null && !a.IsBanned && (suspect || !IsKept(a.Name, a.Username, members)))
                .Select(a => a.Id)
                .ToHashSet();
            var open = reviews.Where(r => r.DomainId == domain.Id).ToList();
            if (affected.Count == 0 || (!suspect && affected.Count <= settings.RemovalCircuitBreakerShare * ofDomain.Count))
            {
                // Nothing held here any more: an open question about earlier removals no longer describes this run.
                foreach (var review in open.Where(r => r.Status == RemovalReviewStatus.Pending))
                {
                    review.Status = RemovalReviewStatus.Superseded;
                }

                continue;
            }

            var confirmed = open.FirstOrDefault(r => r.Status == RemovalReviewStatus.Confirmed
                && r.Reason != EmptyListingReason && !suspect && affected.IsSubsetOf(r.AffectedAliasIds));
            if (confirmed is not null)
            {
                confirmedIds.Add(confirmed.Id);
                continue;
            }

            setup.HeldDomainIds.Add(domain.Id);
            var reason = suspect ? EmptyListingReason : ShareExceededReason;
            LogHeld(logger, domain.Name, reason, affected.Count, ofDomain.Count);
            var same = open.FirstOrDefault(r => r.Status == RemovalReviewStatus.Pending && r.Reason == reason && affected.SetEquals(r.AffectedAliasIds));
            if (same is null)
            {
                // A confirmation of other removals never authorises these: it is replaced by a new question.
                foreach (var review in open)
                {
                    review.Status = RemovalReviewStatus.Superseded;
                }

                db.RemovalReviews.Add(new RemovalReview
                {
                    DomainId = domain.Id,
                    TeamName = domain.Team!,
                    Reason = reason,
                    AffectedAliases = affected.Count,
                    AffectedAliasIds = [.. affected.Order()],
                    EnabledAliases = ofDomain.Count,
                    CreatedAt = now,
                    ExpiresAt = now + settings.RemovalReviewLifetime,
                });
                db.Outbox.AddRange(Notifications.RemovalReview(domain.Contacts, domain.Name, domain.Team!, reason, affected.Count, ofDomain.Count, now));
                db.AuditEntries.Add(AuditLog.Create(actor, "removal-review.opened", AuditLog.DomainTarget, domain.Name, null,
                    new { reason, affected = affected.Count, enabled = ofDomain.Count }, now));
            }

            await errorLog.RecordAsync(new ErrorReport(ProvisioningErrorKind.RemovalCircuitOpen, ProvisioningSteps.Reconciliation,
                $"@{domain.Name} (~{domain.Team}): {affected.Count} of {ofDomain.Count} enabled aliases would have been scheduled for removal ({reason}); nothing was removed, admins must confirm.",
                $"domain:{domain.Name}"), cancellationToken);
        }

        var reviewsChanged = db.ChangeTracker.Entries<RemovalReview>().Any(e => e.State != EntityState.Unchanged);
        await db.SaveChangesAsync(cancellationToken);
        if (reviewsChanged)
        {
            changes.Publish(new DashboardChange(DashboardChangeKind.RemovalReview));
        }

        return confirmedIds;
    }

    /// <summary>
    /// Turns digest candidates into outbox messages in one transaction: per run and domain, more distinct addresses than
    /// <see cref="ProvisioningOptions.DigestThreshold"/> become one digest per admin contact, fewer their own messages.
    /// <paramref name="runId"/> null flushes every run's (left by a run that crashed or failed).
    /// </summary>
    private async Task FlushDigestsAsync(string? runId, CancellationToken cancellationToken)
    {
        var threshold = options.Value.DigestThreshold;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            var candidates = await db.DigestCandidates.AsNoTracking()
                .Where(c => runId == null || c.RunId == runId)
                .OrderBy(c => c.Id)
                .ToListAsync(token);
            if (candidates.Count == 0)
            {
                return;
            }

            var now = time.GetUtcNow();
            foreach (var group in candidates.GroupBy(c => (c.RunId, c.DomainId)))
            {
                var addresses = group.Select(c => c.Address).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                if (addresses.Count > threshold)
                {
                    foreach (var recipient in group.GroupBy(c => c.To, StringComparer.OrdinalIgnoreCase))
                    {
                        db.Outbox.Add(Notifications.AliasDigest(recipient.Key, group.First().DomainName, addresses, recipient.Select(c => c.Body), now));
                    }

                    LogDigest(logger, group.First().DomainName, addresses.Count);
                }
                else
                {
                    db.Outbox.AddRange(group.Select(c => new OutboxMessage { To = c.To, Subject = c.Subject, Body = c.Body, Kind = c.Kind, CreatedAt = c.CreatedAt }));
                }
            }

            await db.SaveChangesAsync(token);
            // One statement rather than one per candidate (a first sync holds thousands); exactly the rows read above.
            var ids = candidates.Select(c => c.Id).ToList();
            await db.DigestCandidates.Where(c => ids.Contains(c.Id)).ExecuteDeleteAsync(token);
            await transaction.CommitAsync(token);
        }, cancellationToken);
    }

    /// <summary>Whether this run leaves the alias alone: its owner qualifies, or a malformed listing entry says nothing about them.</summary>
    private static bool IsKept(string aliasName, string? username, TeamMembers? members) =>
        members is not null
        && LaunchpadName.TryNormalize(username?.Trim(), out var name)
        && name == aliasName
        && members.People.TryGetValue(name, out var person)
        && (person.IsMalformed || (person.IsValid && person.IsCocSigner));

    private sealed record BackgroundLookups(IReadOnlyDictionary<int, TaskCompletionSource<PrefetchedLookup>> Pending, Task Completion);

    /// <summary>
    /// Finds the contributors no listing describes (one light query over all of them) and starts their person requests in
    /// id order, <paramref name="concurrency"/> at a time, so they overlap the database work of the pages before them.
    /// </summary>
    private async Task<BackgroundLookups> StartLookupsAsync(MembersMap map, int concurrency, CancellationToken cancellationToken)
    {
        List<(int Id, string Name)> needed;
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            var candidates = await db.Contributors.AsNoTracking()
                .Where(c => !c.IsBanned && c.Username != null)
                .OrderBy(c => c.Id)
                .Select(c => new Contributor { Id = c.Id, Subject = c.Subject, Username = c.Username, Email = c.Email })
                .ToListAsync(cancellationToken);
            needed = candidates
                .Where(c => ProvisioningService.ValidateUser(c, out _) is null)
                .Select(c => (c.Id, Name: LaunchpadName.Normalize(c.Username!.Trim())))
                .Where(c => map.Describe(c.Name) is null)
                .ToList();
        }

        var pending = needed.ToDictionary(c => c.Id, _ => new TaskCompletionSource<PrefetchedLookup>(TaskCreationOptions.RunContinuationsAsynchronously));
        var completion = Task.Run(async () =>
        {
            try
            {
                await Parallel.ForEachAsync(needed, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
                    async (item, token) => pending[item.Id].TrySetResult(await provisioning.LookupAsync(item.Name, token)));
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                foreach (var source in pending.Values)
                {
                    source.TrySetCanceled(cancellationToken);
                }
            }
            catch (Exception ex)
            {
                // Whatever stopped the prefetch, nobody may wait for a lookup that will never come: the run ends with this error.
                LogLookupsFailed(logger, ex);
                foreach (var source in pending.Values)
                {
                    source.TrySetException(ex);
                }
            }
        }, CancellationToken.None);
        return new BackgroundLookups(pending, completion);
    }

    [LoggerMessage(EventId = 2100, Level = LogLevel.Information,
        Message = "Reconciliation: {Processed} contributors, {Created} created, {Updated} updated, {Disabled} disabled, {Pending} pending removal, {Errors} errors, {Held} domains held, in {Duration}")]
    private static partial void LogReconciled(ILogger logger, int processed, int created, int updated, int disabled, int pending, int errors, int held, TimeSpan duration);

    [LoggerMessage(EventId = 2104, Level = LogLevel.Information, Message = "@{Domain}: {Count} aliases created or changed, admin contacts get one digest")]
    private static partial void LogDigest(ILogger logger, string domain, int count);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Error, Message = "Team ~{Team} could not be used, @{Domain} held: {Fault}")]
    private static partial void LogTeamFaulted(ILogger logger, string domain, string team, string fault);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Error, Message = "Person requests of the reconciliation failed; the run stops")]
    private static partial void LogLookupsFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning,
        Message = "Removal circuit breaker holds @{Domain} ({Reason}): {Affected} of {Enabled} enabled aliases would be removed")]
    private static partial void LogHeld(ILogger logger, string domain, string reason, int affected, int enabled);
}
