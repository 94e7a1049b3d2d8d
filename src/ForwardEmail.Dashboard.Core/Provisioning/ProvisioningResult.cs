using ForwardEmail.Dashboard.Core.Errors;

namespace ForwardEmail.Dashboard.Core.Provisioning;

/// <summary>Who asked for a provisioning run.</summary>
public enum ProvisioningTrigger
{
    /// <summary>The contributor claimed or refreshed their alias.</summary>
    Claim,
    /// <summary>Support retried from the error log.</summary>
    SupportRetry,
    /// <summary>The scheduled reconciliation.</summary>
    Reconciliation,
    /// <summary>An admin or support person in the console: a ban, an unban or "Provision now".</summary>
    Console,
}

/// <summary>What happened on one domain.</summary>
public enum DomainOutcomeKind
{
    Created,
    /// <summary>Recipient changed, re-enabled or a pending removal cancelled; <see cref="DomainOutcome.Changes"/> says what.</summary>
    Updated,
    Unchanged,
    /// <summary>Not a participant of the mapped team: join <see cref="DomainOutcome.Team"/>.</summary>
    NotMember,
    /// <summary>The domain is not verified or not enabled: no aliases are provisioned there now.</summary>
    DomainNotProvisioning,
    /// <summary>The name is reserved or taken (manual alias or another owner): an <c>alias-conflict</c> error.</summary>
    Conflict,
    /// <summary>Still forwarding, disabled at <see cref="DomainOutcome.DisableAt"/> unless the owner qualifies again.</summary>
    PendingRemoval,
    Disabled,
    /// <summary>Created disabled because the contributor's email is the alias itself (<c>forwards-to-itself</c>).</summary>
    CreatedDisabledSelfForwarding,
    /// <summary>The removal circuit breaker held back a removal on this domain (empty listing or too many removals).</summary>
    RemovalHeld,
}

/// <param name="Changed">True when this run wrote something for the domain.</param>
public sealed record DomainOutcome(int DomainId, string Domain, DomainOutcomeKind Kind, bool Changed)
{
    /// <summary>The alias concerned, <c>name@domain</c>, when there is one.</summary>
    public string? Address { get; init; }

    /// <summary>The mapped team (for <see cref="DomainOutcomeKind.NotMember"/>: the team to join).</summary>
    public string? Team { get; init; }

    /// <summary>For <see cref="DomainOutcomeKind.Updated"/>: what changed, in English, one line each.</summary>
    public IReadOnlyList<string> Changes { get; init; } = [];

    public DateTimeOffset? PendingSince { get; init; }
    public DateTimeOffset? DisableAt { get; init; }

    /// <summary>A reason code (e.g. <c>left-team</c>, <c>banned</c>, <c>forwards-to-itself</c>, <c>reserved</c>).</summary>
    public string? Reason { get; init; }
}

/// <summary>The result of provisioning one contributor: the first failed check (or null) and what happened per domain.</summary>
public sealed record ProvisioningResult(int ContributorId, ProvisioningError? Error, IReadOnlyList<DomainOutcome> Domains)
{
    public bool Succeeded => Error is null;
    public bool Changed => Domains.Any(d => d.Changed);
}

/// <summary>Stable reason codes written to <see cref="Alias.DisabledReason"/> and <see cref="Alias.IneligibleReason"/>.</summary>
public static class AliasReasons
{
    public const string LeftTeam = "left-team";
    public const string AccountNotValid = "account-not-valid";
    public const string AccountNotFound = "account-not-found";
    public const string CocNotSigned = "coc-not-signed";
    public const string Banned = "banned";
    public const string Renamed = "renamed";
    public const string ForwardsToItself = "forwards-to-itself";
    public const string Reserved = "reserved";
    public const string NameTaken = "name-taken";
    public const string InvalidUser = "invalid-user";

    /// <summary>Disabled by an admin in the console; deliberately not in <see cref="Sync"/>, so only an admin enables it again.</summary>
    public const string AdminDisabled = "admin-disabled";

    /// <summary>Reasons the sync itself set, and so may lift again; an alias an admin disabled for another reason stays disabled.</summary>
    public static readonly IReadOnlySet<string> Sync = new HashSet<string>(StringComparer.Ordinal)
    {
        LeftTeam, AccountNotValid, AccountNotFound, CocNotSigned, Banned, Renamed, ForwardsToItself, InvalidUser,
    };
}
