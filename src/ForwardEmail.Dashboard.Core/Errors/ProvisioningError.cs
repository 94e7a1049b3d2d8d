namespace ForwardEmail.Dashboard.Core.Errors;

/// <summary>An expected provisioning failure: a kind for pages to localize, plus what the contributor needs to act on it.</summary>
/// <param name="Kind">The stable kind; its code is <see cref="ProvisioningErrorKinds.ToCode"/>.</param>
/// <param name="Detail">An English message for the error log and support (not shown to contributors as-is).</param>
/// <param name="Step">The step of PRODUCT.md section 3 that failed (see <see cref="ProvisioningSteps"/>).</param>
/// <param name="IsTransient">True when a later retry may succeed without anyone acting (directory unavailable).</param>
public sealed record ProvisioningError(ProvisioningErrorKind Kind, string Detail, string Step, bool IsTransient)
{
    /// <summary>For <c>coc-not-signed</c>: where to sign the Code of Conduct.</summary>
    public string? HelpUrl { get; init; }

    /// <summary>For <c>not-in-team</c>: the teams that would give an alias (one per provisioning domain).</summary>
    public IReadOnlyList<string> TeamsToJoin { get; init; } = [];

    /// <summary>For <c>alias-conflict</c>: the address that could not be provisioned.</summary>
    public string? Address { get; init; }

    public string Code => Kind.ToCode();

    public static ProvisioningError Create(ProvisioningErrorKind kind, string detail, string step) =>
        new(kind, detail, step, kind.IsTransient())
        {
            HelpUrl = kind == ProvisioningErrorKind.CocNotSigned ? ProvisioningErrorKinds.CodeOfConductUrl : null,
        };
}

/// <summary>Step names written to the error log.</summary>
public static class ProvisioningSteps
{
    public const string UserRecord = "user-record";
    public const string Ban = "ban-check";
    public const string Directory = "directory";
    public const string Validity = "account-valid";
    public const string CodeOfConduct = "code-of-conduct";
    public const string Membership = "team-membership";
    public const string Alias = "alias";
    public const string Reconciliation = "reconciliation";
    public const string Mail = "mail";
}
