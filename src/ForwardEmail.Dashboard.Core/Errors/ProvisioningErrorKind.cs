using System.Diagnostics.CodeAnalysis;

namespace ForwardEmail.Dashboard.Core.Errors;

/// <summary>Why provisioning (or a reconciliation step) failed. Each kind has a stable kebab-case code (<see cref="ProvisioningErrorKinds"/>).</summary>
public enum ProvisioningErrorKind
{
    /// <summary><c>invalid-user</c>: the user record lacks a valid username, subject or email (a data error).</summary>
    InvalidUser,
    /// <summary><c>banned</c>: an admin banned the user. Logged, never emailed to the team address.</summary>
    Banned,
    /// <summary><c>account-not-valid</c>: the directory says <c>is_valid: false</c>, or the account is suspended (410).</summary>
    AccountNotValid,
    /// <summary><c>coc-not-signed</c>: the person has not signed the Code of Conduct.</summary>
    CocNotSigned,
    /// <summary><c>account-not-found</c>: the directory answered 404 (unknown, renamed or merged account).</summary>
    AccountNotFound,
    /// <summary><c>not-in-team</c>: the person is in none of the mapped teams.</summary>
    NotInTeam,
    /// <summary><c>alias-conflict</c>: the name is reserved or taken by a manual alias or another contributor's alias.</summary>
    AliasConflict,
    /// <summary><c>invalid-directory-response</c>: the directory answered without the fields the product needs.</summary>
    InvalidDirectoryResponse,
    /// <summary><c>directory-unavailable</c>: timeouts, 5xx, 429 after retries. Transient.</summary>
    DirectoryUnavailable,
    /// <summary><c>removal-circuit-open</c>: a reconciliation would have disabled too many aliases of a domain; admins must confirm.</summary>
    RemovalCircuitOpen,
    /// <summary><c>mail-failed</c>: a notification was not delivered: the SMTP server refused it for good (5xx) or it failed <c>Outbox:MaxAttempts</c> times.</summary>
    MailFailed,
}

/// <summary>Maps <see cref="ProvisioningErrorKind"/> to and from its stable code (stored in the error log, used by pages and APIs).</summary>
public static class ProvisioningErrorKinds
{
    /// <summary>Where a contributor learns how to sign the Code of Conduct (shown for <c>coc-not-signed</c>).</summary>
    public const string CodeOfConductUrl = "https://launchpad.net/codeofconduct";

    private static readonly Dictionary<ProvisioningErrorKind, string> Codes = new()
    {
        [ProvisioningErrorKind.InvalidUser] = "invalid-user",
        [ProvisioningErrorKind.Banned] = "banned",
        [ProvisioningErrorKind.AccountNotValid] = "account-not-valid",
        [ProvisioningErrorKind.CocNotSigned] = "coc-not-signed",
        [ProvisioningErrorKind.AccountNotFound] = "account-not-found",
        [ProvisioningErrorKind.NotInTeam] = "not-in-team",
        [ProvisioningErrorKind.AliasConflict] = "alias-conflict",
        [ProvisioningErrorKind.InvalidDirectoryResponse] = "invalid-directory-response",
        [ProvisioningErrorKind.DirectoryUnavailable] = "directory-unavailable",
        [ProvisioningErrorKind.RemovalCircuitOpen] = "removal-circuit-open",
        [ProvisioningErrorKind.MailFailed] = "mail-failed",
    };

    private static readonly Dictionary<string, ProvisioningErrorKind> Kinds =
        Codes.ToDictionary(pair => pair.Value, pair => pair.Key, StringComparer.Ordinal);

    public static IReadOnlyCollection<ProvisioningErrorKind> All => Codes.Keys;

    public static string ToCode(this ProvisioningErrorKind kind) =>
        Codes.TryGetValue(kind, out var code) ? code : throw new ArgumentOutOfRangeException(nameof(kind), kind, null);

    public static bool TryParse(string? code, [NotNullWhen(true)] out ProvisioningErrorKind? kind)
    {
        if (code is not null && Kinds.TryGetValue(code, out var found))
        {
            kind = found;
            return true;
        }

        kind = null;
        return false;
    }

    public static ProvisioningErrorKind Parse(string code) =>
        TryParse(code, out var kind) ? kind.Value : throw new FormatException($"'{code}' is not a provisioning error code.");

    /// <summary>Transient kinds are retried by background jobs; permanent ones wait for the next reconciliation.</summary>
    public static bool IsTransient(this ProvisioningErrorKind kind) => kind == ProvisioningErrorKind.DirectoryUnavailable;

    /// <summary>Every kind but <c>banned</c> is emailed to the organisation's team address (once per window).</summary>
    public static bool NotifiesTeam(this ProvisioningErrorKind kind) => kind != ProvisioningErrorKind.Banned;
}
