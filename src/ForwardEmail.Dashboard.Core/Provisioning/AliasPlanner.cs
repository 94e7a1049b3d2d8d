using ForwardEmail.Dashboard.Core.Audit;
using ForwardEmail.Dashboard.Core.Mail;

namespace ForwardEmail.Dashboard.Core.Provisioning;

/// <summary>A domain as provisioning needs it, read once per call or once per reconciliation.</summary>
internal sealed record DomainInfo(int Id, string Name, string? Team, bool CanProvision, IReadOnlyList<string> Contacts);

internal enum Membership
{
    Member,
    NotMember,
    /// <summary>The team listing is suspect (empty) or the domain is held by the circuit breaker: never a reason to remove.</summary>
    Unknown,
}

internal enum DecisionKind
{
    Eligible,
    Banned,
    /// <summary>Not valid, not found, no Code of Conduct: every alias goes through the grace period.</summary>
    Ineligible,
}

/// <summary>What the checks of steps 2 to 4 concluded; membership decides step 5 per domain.</summary>
internal sealed record Decision(DecisionKind Kind, string? IneligibleReason, Func<DomainInfo, Membership> MembershipOf);

/// <summary>Everything one contributor's run writes, computed before anything is written.</summary>
internal sealed class AliasPlan
{
    public List<DomainOutcome> Outcomes { get; } = [];
    public List<Alias> NewAliases { get; } = [];
    public List<AuditEntry> Audit { get; } = [];
    public List<OutboxMessage> Outbox { get; } = [];

    /// <summary>Admin-contact notifications of creations and changes a reconciliation holds for a possible digest.</summary>
    public List<DigestCandidate> DigestCandidates { get; } = [];
    public List<string> Conflicts { get; } = [];

    public bool HasWrites => NewAliases.Count > 0 || Audit.Count > 0;
}

/// <summary>
/// Step 5 and 6 of PRODUCT.md section 3 and deprovisioning, as a pure function over the contributor's aliases: it mutates
/// the alias objects it is given and returns the new aliases, audit rows and outbox messages. Running it on untracked copies
/// tells whether a run would write anything at all, without opening a transaction.
/// </summary>
internal static class AliasPlanner
{
    public static AliasPlan Plan(
        Contributor contributor,
        string aliasName,
        Decision decision,
        IReadOnlyList<DomainInfo> domains,
        IReadOnlySet<string> reservedNames,
        IReadOnlyCollection<Alias> aliases,
        TimeSpan gracePeriod,
        string actor,
        DateTimeOffset now,
        string? digestRunId = null)
    {
        var plan = new AliasPlan();
        var context = new PlanContext(plan, contributor, actor, gracePeriod, now, digestRunId);

        foreach (var domain in domains)
        {
            var own = aliases
                .Where(a => a.OwnerId == contributor.Id && a.DomainId == domain.Id && a.Origin == AliasOrigin.Provisioned)
                .OrderBy(a => a.Id)
                .ToList();

            if (decision.Kind == DecisionKind.Banned)
            {
                foreach (var alias in own)
                {
                    context.Disable(alias, domain, AliasReasons.Banned);
                }

                var current = own.FirstOrDefault(a => a.Name == aliasName) ?? own.FirstOrDefault();
                plan.Outcomes.Add(current is null
                    ? new DomainOutcome(domain.Id, domain.Name, DomainOutcomeKind.Unchanged, false) { Team = domain.Team, Reason = AliasReasons.Banned }
                    : context.Outcome(current, domain, DomainOutcomeKind.Disabled));
                continue;
            }

            if (!domain.CanProvision || domain.Team is null)
            {
                // Existing aliases are kept as they are while the domain is not provisioning.
                plan.Outcomes.Add(new DomainOutcome(domain.Id, domain.Name, DomainOutcomeKind.DomainNotProvisioning, false) { Team = domain.Team });
                continue;
            }

            var membership = decision.MembershipOf(domain);
            var mine = own.FirstOrDefault(a => a.Name == aliasName);

            // Renames: an alias of the same owner under another name goes through the grace period, whatever the membership.
            // An incomplete record has no name at all: every alias it holds goes through the grace period as invalid-user.
            var otherNameReason = decision.IneligibleReason == AliasReasons.InvalidUser ? AliasReasons.InvalidUser : AliasReasons.Renamed;
            foreach (var old in own.Where(a => a.Name != aliasName && membership != Membership.Unknown))
            {
                context.MarkIneligible(old, domain, otherNameReason);
            }

            if (decision.Kind == DecisionKind.Ineligible || membership != Membership.Member)
            {
                var reason = decision.Kind == DecisionKind.Ineligible ? decision.IneligibleReason! : AliasReasons.LeftTeam;
                if (mine is null && otherNameReason == AliasReasons.InvalidUser && own.Count > 0)
                {
                    plan.Outcomes.Add(context.Outcome(own[0], domain, DomainOutcomeKind.NotMember));
                }
                else if (mine is null)
                {
                    plan.Outcomes.Add(new DomainOutcome(domain.Id, domain.Name, DomainOutcomeKind.NotMember, context.ChangedFor(domain)) { Team = domain.Team, Reason = reason });
                }
                else if (membership == Membership.Unknown)
                {
                    var held = mine.IsEnabled && mine.IneligibleSince is null;
                    plan.Outcomes.Add(held
                        ? new DomainOutcome(domain.Id, domain.Name, DomainOutcomeKind.RemovalHeld, context.ChangedFor(domain)) { Address = Address(mine, domain), Team = domain.Team, Reason = reason }
                        : context.Outcome(mine, domain, DomainOutcomeKind.NotMember));
                }
                else
                {
                    context.MarkIneligible(mine, domain, reason);
                    plan.Outcomes.Add(context.Outcome(mine, domain, DomainOutcomeKind.NotMember));
                }

                continue;
            }

            var address = $"{aliasName}@{domain.Name}";
            var selfForwarding = string.Equals(contributor.Email.Trim(), address, StringComparison.OrdinalIgnoreCase);
            if (mine is null)
            {
                var conflictReason = reservedNames.Contains(aliasName)
                    ? AliasReasons.Reserved
                    : aliases.Any(a => a.DomainId == domain.Id && a.Name == aliasName && a.OwnerId != contributor.Id) ? AliasReasons.NameTaken : null;
                if (conflictReason is not null)
                {
                    plan.Conflicts.Add(address);
                    plan.Outcomes.Add(new DomainOutcome(domain.Id, domain.Name, DomainOutcomeKind.Conflict, context.ChangedFor(domain)) { Address = address, Team = domain.Team, Reason = conflictReason });
                    continue;
                }

                context.Create(domain, aliasName, selfForwarding);
                plan.Outcomes.Add(new DomainOutcome(domain.Id, domain.Name,
                    selfForwarding ? DomainOutcomeKind.CreatedDisabledSelfForwarding : DomainOutcomeKind.Created, true)
                {
                    Address = address,
                    Team = domain.Team,
                    Reason = selfForwarding ? AliasReasons.ForwardsToItself : null,
                });
                continue;
            }

            var changes = context.Refresh(mine, domain, selfForwarding);
            plan.Outcomes.Add(changes.Count > 0
                ? new DomainOutcome(domain.Id, domain.Name, DomainOutcomeKind.Updated, true) { Address = address, Team = domain.Team, Changes = changes }
                : mine.IsEnabled
                    ? new DomainOutcome(domain.Id, domain.Name, DomainOutcomeKind.Unchanged, context.ChangedFor(domain)) { Address = address, Team = domain.Team }
                    : context.Outcome(mine, domain, DomainOutcomeKind.Disabled));
        }

        return plan;
    }

    private static string Address(Alias alias, DomainInfo domain) => $"{alias.Name}@{domain.Name}";

    private sealed record AliasSnapshot(
        string Address, IReadOnlyList<string> Recipients, bool IsEnabled, string? DisabledReason, DateTimeOffset? IneligibleSince, string? IneligibleReason)
    {
        public static AliasSnapshot Of(Alias alias, DomainInfo domain) =>
            new(AliasPlanner.Address(alias, domain), alias.Recipients.ToList(), alias.IsEnabled, alias.DisabledReason, alias.IneligibleSince, alias.IneligibleReason);
    }

    private sealed class PlanContext(AliasPlan plan, Contributor contributor, string actor, TimeSpan gracePeriod, DateTimeOffset now, string? digestRunId)
    {
        private readonly HashSet<int> _changedDomains = [];

        public bool ChangedFor(DomainInfo domain) => _changedDomains.Contains(domain.Id);

        public DomainOutcome Outcome(Alias alias, DomainInfo domain, DomainOutcomeKind fallback)
        {
            var kind = !alias.IsEnabled ? DomainOutcomeKind.Disabled
                : alias.IneligibleSince is not null ? DomainOutcomeKind.PendingRemoval
                : fallback;
            return new DomainOutcome(domain.Id, domain.Name, kind, ChangedFor(domain))
            {
                Address = Address(alias, domain),
                Team = domain.Team,
                PendingSince = alias.IsEnabled ? alias.IneligibleSince : null,
                DisableAt = alias.IsEnabled ? alias.IneligibleSince + gracePeriod : null,
                Reason = alias.IsEnabled ? alias.IneligibleReason : alias.DisabledReason,
            };
        }

        public void Create(DomainInfo domain, string name, bool selfForwarding)
        {
            var alias = new Alias
            {
                DomainId = domain.Id,
                Name = name,
                OwnerId = contributor.Id,
                Recipients = [contributor.Email.Trim()],
                Origin = AliasOrigin.Provisioned,
                IsEnabled = !selfForwarding,
                DisabledReason = selfForwarding ? AliasReasons.ForwardsToItself : null,
                DisabledAt = selfForwarding ? now : null,
                CreatedAt = now,
                UpdatedAt = now,
            };
            plan.NewAliases.Add(alias);
            _changedDomains.Add(domain.Id);
            plan.Audit.Add(AuditLog.Create(actor, AuditActions.AliasCreated, AuditLog.AliasTarget, Address(alias, domain), null, AliasSnapshot.Of(alias, domain), now));
            ToAdmins(domain, Address(alias, domain), Notifications.AliasCreated(domain.Contacts, Address(alias, domain), domain.Name, contributor.Email.Trim(), alias.DisabledReason, now));
        }

        /// <summary>Brings an eligible member's alias in line: recipient, enabled, no pending removal.</summary>
        public List<string> Refresh(Alias alias, DomainInfo domain, bool selfForwarding)
        {
            var before = AliasSnapshot.Of(alias, domain);
            var changes = new List<string>();
            var email = contributor.Email.Trim();
            var reenabled = false;

            if (alias.Recipients.Count != 1 || !string.Equals(alias.Recipients[0], email, StringComparison.Ordinal))
            {
                changes.Add($"recipient changed from {string.Join(", ", alias.Recipients)} to {email}");
                alias.Recipients = [email];
            }

            if (selfForwarding)
            {
                if (alias.IsEnabled || alias.DisabledReason != AliasReasons.ForwardsToItself)
                {
                    changes.Add("disabled: it would forward to itself");
                    alias.IsEnabled = false;
                    alias.DisabledReason = AliasReasons.ForwardsToItself;
                    alias.DisabledAt = now;
                }
            }
            else if (!alias.IsEnabled && alias.DisabledReason is not null && AliasReasons.Sync.Contains(alias.DisabledReason))
            {
                changes.Add($"re-enabled (was disabled: {alias.DisabledReason})");
                alias.IsEnabled = true;
                alias.DisabledReason = null;
                alias.DisabledAt = null;
                reenabled = true;
            }

            if (alias.IneligibleSince is not null && (alias.IsEnabled || reenabled))
            {
                if (!reenabled)
                {
                    changes.Add($"pending removal cancelled (was {alias.IneligibleReason})");
                }

                alias.IneligibleSince = null;
                alias.IneligibleReason = null;
            }

            if (changes.Count > 0)
            {
                alias.UpdatedAt = now;
                _changedDomains.Add(domain.Id);
                plan.Audit.Add(AuditLog.Create(actor, reenabled ? AuditActions.AliasReenabled : AuditActions.AliasUpdated,
                    AuditLog.AliasTarget, Address(alias, domain), before, AliasSnapshot.Of(alias, domain), now));
                ToAdmins(domain, Address(alias, domain), Notifications.AliasUpdated(domain.Contacts, Address(alias, domain), domain.Name, changes, now));
            }

            return changes;
        }

        /// <summary>Starts the grace period, or disables once it has passed; nothing when already disabled or still within it.</summary>
        public void MarkIneligible(Alias alias, DomainInfo domain, string reason)
        {
            if (!alias.IsEnabled)
            {
                return;
            }

            if (alias.IneligibleSince is null)
            {
                if (gracePeriod <= TimeSpan.Zero)
                {
                    alias.IneligibleSince = now;
                    alias.IneligibleReason = reason;
                    Disable(alias, domain, reason);
                    return;
                }

                var before = AliasSnapshot.Of(alias, domain);
                alias.IneligibleSince = now;
                alias.IneligibleReason = reason;
                alias.UpdatedAt = now;
                _changedDomains.Add(domain.Id);
                plan.Audit.Add(AuditLog.Create(actor, AuditActions.AliasPendingRemoval, AuditLog.AliasTarget, Address(alias, domain), before, AliasSnapshot.Of(alias, domain), now));
                plan.Outbox.AddRange(Notifications.AliasPendingRemoval(Recipients(domain), Address(alias, domain), reason, now + gracePeriod, now));
                return;
            }

            if (now - alias.IneligibleSince.Value >= gracePeriod)
            {
                Disable(alias, domain, alias.IneligibleReason ?? reason);
            }
        }

        public void Disable(Alias alias, DomainInfo domain, string reason)
        {
            if (!alias.IsEnabled)
            {
                return;
            }

            var before = AliasSnapshot.Of(alias, domain);
            alias.IsEnabled = false;
            alias.DisabledReason = reason;
            alias.DisabledAt = now;
            alias.UpdatedAt = now;
            _changedDomains.Add(domain.Id);
            plan.Audit.Add(AuditLog.Create(actor, AuditActions.AliasDisabled, AuditLog.AliasTarget, Address(alias, domain), before, AliasSnapshot.Of(alias, domain), now));
            plan.Outbox.AddRange(Notifications.AliasDisabled(Recipients(domain), Address(alias, domain), reason, now));
        }

        /// <summary>Creations and changes told to the admin contacts: straight to the outbox, or held for a digest during a reconciliation.</summary>
        private void ToAdmins(DomainInfo domain, string address, IEnumerable<OutboxMessage> messages)
        {
            if (digestRunId is null)
            {
                plan.Outbox.AddRange(messages);
                return;
            }

            plan.DigestCandidates.AddRange(messages.Select(m => new DigestCandidate
            {
                RunId = digestRunId,
                DomainId = domain.Id,
                DomainName = domain.Name,
                Address = address,
                To = m.To,
                Subject = m.Subject,
                Body = m.Body,
                Kind = m.Kind,
                CreatedAt = m.CreatedAt,
            }));
        }

        // An incomplete record may have no usable email: then only the admin contacts are told.
        private IEnumerable<string> Recipients(DomainInfo domain) =>
            ProvisioningService.IsValidEmail(contributor.Email) ? domain.Contacts.Prepend(contributor.Email.Trim()) : domain.Contacts;
    }
}
