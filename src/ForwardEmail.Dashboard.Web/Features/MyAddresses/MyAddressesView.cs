using System.Globalization;
using ForwardEmail.Dashboard.Core.Errors;
using ForwardEmail.Dashboard.Core.Provisioning;
using Microsoft.Extensions.Localization;

namespace ForwardEmail.Dashboard.Web.Features.MyAddresses;

/// <summary>One of the contributor's aliases as read from the database, before any localization.</summary>
public sealed record AliasSnapshot(
    string Address, IReadOnlyList<string> Recipients, bool IsEnabled, string? DisabledReason, DateTimeOffset? IneligibleSince, string? IneligibleReason);

/// <summary>A domain and whether it hands out addresses now.</summary>
public sealed record DomainSnapshot(string Name, string? Team, bool CanProvision);

public enum AliasState
{
    Active,
    PendingRemoval,
    Disabled,
}

public sealed record AliasRow(string Address, string ForwardsTo, AliasState State, string StateText);

public enum OutcomeTone
{
    Success,
    Neutral,
    ActionNeeded,
    Problem,
}

/// <param name="TeamToJoin">A team the contributor can join to get this address (shown as a link), or null.</param>
public sealed record OutcomeRow(string Domain, string? Address, OutcomeTone Tone, string Message, IReadOnlyList<string> Details, string? TeamToJoin);

/// <param name="Link">Where to act (the Code of Conduct), or null.</param>
/// <param name="TeamsToJoin">Teams to join (not-in-team), each shown as a link.</param>
public sealed record ErrorMessage(string Code, string Text, bool IsTransient, string? Link, string? LinkText, IReadOnlyList<string> TeamsToJoin);

/// <summary>Turns aliases, domains and a <see cref="ProvisioningResult"/> into the localized rows of <see cref="MyAddressesPage"/>.</summary>
public static class MyAddressesView
{
    public static string TeamUrl(string team) => $"https://launchpad.net/~{team.TrimStart('~')}";

    public static AliasRow Alias(AliasSnapshot alias, TimeSpan gracePeriod, IStringLocalizer l)
    {
        var forwardsTo = string.Join(", ", alias.Recipients);
        if (!alias.IsEnabled)
        {
            return new AliasRow(alias.Address, forwardsTo, AliasState.Disabled, l["State.Disabled", Reason(alias.DisabledReason, l)]);
        }

        if (alias.IneligibleSince is { } since)
        {
            return new AliasRow(alias.Address, forwardsTo, AliasState.PendingRemoval,
                l["State.PendingRemoval", FormatDate(since + gracePeriod), Reason(alias.IneligibleReason, l)]);
        }

        return new AliasRow(alias.Address, forwardsTo, AliasState.Active, l["State.Active"]);
    }

    /// <summary>The localized message for a failed run, one per error kind.</summary>
    public static ErrorMessage Error(ProvisioningError error, string username, IStringLocalizer l)
    {
        var text = error.Kind switch
        {
            ProvisioningErrorKind.AccountNotFound => l["Error.account-not-found", username],
            ProvisioningErrorKind.AliasConflict => l["Error.alias-conflict", error.Address ?? ""],
            _ => l["Error." + error.Code],
        };
        var link = error.Kind == ProvisioningErrorKind.CocNotSigned ? error.HelpUrl ?? ProvisioningErrorKinds.CodeOfConductUrl : null;
        return new ErrorMessage(error.Code, text, error.IsTransient, link, link is null ? null : l["SignCodeOfConduct"].Value, error.TeamsToJoin);
    }

    /// <summary>
    /// What happened on each domain, domains with an address first; <paramref name="before"/> and <paramref name="after"/>
    /// describe what an update changed. Domains left without an address only because of the run's error (the Code of
    /// Conduct, the account) are left out: the error says what to do, once.
    /// </summary>
    public static IReadOnlyList<OutcomeRow> Outcomes(
        ProvisioningResult result, IReadOnlyCollection<AliasSnapshot> before, IReadOnlyCollection<AliasSnapshot> after, IStringLocalizer l) =>
        result.Domains
            .Where(outcome => !(result.Error is not null && IsIneligibleWithoutAddress(outcome)))
            .Select(outcome => Outcome(outcome, before, after, l))
            .OrderBy(row => row.Address is null)
            .ToList();

    // A person-level problem (Code of Conduct, account) says it all: domains where the person has no address, whether
    // because of it or because the domain hands out none right now, add nothing but noise.
    private static bool IsIneligibleWithoutAddress(DomainOutcome outcome) =>
        (outcome is { Kind: DomainOutcomeKind.NotMember, Address: null } && outcome.Reason is not (null or AliasReasons.LeftTeam))
        || outcome is { Kind: DomainOutcomeKind.DomainNotProvisioning, Address: null };

    public static OutcomeRow Outcome(DomainOutcome outcome, IReadOnlyCollection<AliasSnapshot> before, IReadOnlyCollection<AliasSnapshot> after, IStringLocalizer l)
    {
        var row = new OutcomeRow(outcome.Domain, outcome.Address, OutcomeTone.Neutral, "", [], null);
        return outcome.Kind switch
        {
            DomainOutcomeKind.Created => row with { Tone = OutcomeTone.Success, Message = l["Outcome.Created"] },
            DomainOutcomeKind.Unchanged when outcome.Address is null => row with { Message = l["Outcome.NoAddress"] },
            DomainOutcomeKind.Unchanged => row with { Tone = OutcomeTone.Success, Message = l["Outcome.Unchanged"] },
            DomainOutcomeKind.Updated => Changes(outcome, before, after, l) is { Count: > 0 } details
                ? row with { Tone = OutcomeTone.Success, Message = l["Outcome.Updated"], Details = details }
                : row with { Tone = OutcomeTone.Success, Message = l["Outcome.UpdatedNoDetails"] },
            // Not a member because of a person-level problem (Code of Conduct, account): the run's error says what to do.
            DomainOutcomeKind.NotMember when IsIneligibleWithoutAddress(outcome) => row with { Message = l["Outcome.Ineligible"] },
            DomainOutcomeKind.NotMember when outcome.Team is null => row with { Message = l["Outcome.NoTeam"] },
            DomainOutcomeKind.NotMember => row with
            {
                Tone = OutcomeTone.ActionNeeded,
                Message = l["Outcome.NotMember"],
                TeamToJoin = outcome.Team,
            },
            DomainOutcomeKind.DomainNotProvisioning => row with { Message = l["Outcome.DomainNotProvisioning"] },
            DomainOutcomeKind.Conflict => row with
            {
                Tone = OutcomeTone.Problem,
                Message = outcome.Reason == AliasReasons.Reserved ? l["Outcome.Conflict.Reserved"] : l["Outcome.Conflict.Taken"],
            },
            DomainOutcomeKind.PendingRemoval => row with
            {
                Tone = OutcomeTone.ActionNeeded,
                Message = outcome.DisableAt is { } disableAt
                    ? l["Outcome.PendingRemoval", FormatDate(disableAt), Reason(outcome.Reason, l)]
                    : l["Outcome.PendingRemovalNoDate", Reason(outcome.Reason, l)],
                TeamToJoin = outcome.Reason == AliasReasons.LeftTeam ? outcome.Team : null,
            },
            DomainOutcomeKind.Disabled => row with { Tone = OutcomeTone.Problem, Message = l["Outcome.Disabled", Reason(outcome.Reason, l)] },
            DomainOutcomeKind.CreatedDisabledSelfForwarding => row with { Tone = OutcomeTone.Problem, Message = l["Outcome.SelfForwarding"] },
            DomainOutcomeKind.RemovalHeld => row with { Message = l["Outcome.RemovalHeld"] },
            _ => row with { Message = l["Outcome.UpdatedNoDetails"] },
        };
    }

    /// <summary>
    /// What an update changed, compared on the alias itself. The run's own change lines are English, for the log and
    /// the audit trail, so they are never shown here: without both snapshots the localized "updated" message stands alone.
    /// </summary>
    private static IReadOnlyList<string> Changes(DomainOutcome outcome, IReadOnlyCollection<AliasSnapshot> before, IReadOnlyCollection<AliasSnapshot> after, IStringLocalizer l)
    {
        var was = before.FirstOrDefault(a => a.Address == outcome.Address);
        var now = after.FirstOrDefault(a => a.Address == outcome.Address);
        if (was is null || now is null)
        {
            return [];
        }

        var changes = new List<string>();
        if (!was.Recipients.SequenceEqual(now.Recipients, StringComparer.OrdinalIgnoreCase))
        {
            changes.Add(l["Change.Recipient", string.Join(", ", now.Recipients), string.Join(", ", was.Recipients)]);
        }

        if (!was.IsEnabled && now.IsEnabled)
        {
            changes.Add(l["Change.Reenabled"]);
        }

        if (was.IsEnabled && !now.IsEnabled)
        {
            changes.Add(l["Change.Disabled", Reason(now.DisabledReason, l)]);
        }

        if (was.IneligibleSince is not null && now.IneligibleSince is null && now.IsEnabled)
        {
            changes.Add(l["Change.RemovalCancelled"]);
        }

        return changes;
    }

    public static string Reason(string? reason, IStringLocalizer l)
    {
        if (reason is null)
        {
            return l["Reason.Other"];
        }

        var text = l["Reason." + reason];
        return text.ResourceNotFound ? l["Reason.Other"] : text;
    }

    /// <summary>A date and time in the current culture (its calendar too: Buddhist years under th), in UTC.</summary>
    public static string FormatDate(DateTimeOffset value) =>
        value.UtcDateTime.ToString("g", CultureInfo.CurrentCulture) + " UTC";
}
