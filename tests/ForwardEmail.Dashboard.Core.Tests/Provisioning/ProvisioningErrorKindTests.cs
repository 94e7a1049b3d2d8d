using ForwardEmail.Dashboard.Core.Errors;

namespace ForwardEmail.Dashboard.Core.Tests.Provisioning;

public sealed class ProvisioningErrorKindTests
{
    [Theory]
    [InlineData(ProvisioningErrorKind.InvalidUser, "invalid-user")]
    [InlineData(ProvisioningErrorKind.Banned, "banned")]
    [InlineData(ProvisioningErrorKind.AccountNotValid, "account-not-valid")]
    [InlineData(ProvisioningErrorKind.CocNotSigned, "coc-not-signed")]
    [InlineData(ProvisioningErrorKind.AccountNotFound, "account-not-found")]
    [InlineData(ProvisioningErrorKind.NotInTeam, "not-in-team")]
    [InlineData(ProvisioningErrorKind.AliasConflict, "alias-conflict")]
    [InlineData(ProvisioningErrorKind.InvalidDirectoryResponse, "invalid-directory-response")]
    [InlineData(ProvisioningErrorKind.DirectoryUnavailable, "directory-unavailable")]
    [InlineData(ProvisioningErrorKind.RemovalCircuitOpen, "removal-circuit-open")]
    [InlineData(ProvisioningErrorKind.MailFailed, "mail-failed")]
    public void Each_kind_has_its_stable_code_both_ways(ProvisioningErrorKind kind, string code)
    {
        Assert.Equal(code, kind.ToCode());
        Assert.True(ProvisioningErrorKinds.TryParse(code, out var parsed));
        Assert.Equal(kind, parsed);
    }

    [Fact]
    public void Every_kind_has_a_code()
    {
        Assert.Equal(Enum.GetValues<ProvisioningErrorKind>().Length, ProvisioningErrorKinds.All.Count);
    }

    [Theory]
    [InlineData("Banned")]
    [InlineData("unknown")]
    [InlineData(null)]
    public void Unknown_codes_do_not_parse(string? code)
    {
        Assert.False(ProvisioningErrorKinds.TryParse(code, out var kind));
        Assert.Null(kind);
    }

    [Fact]
    public void Only_banned_is_kept_from_the_team_and_only_directory_unavailable_is_transient()
    {
        Assert.Equal([ProvisioningErrorKind.Banned], Enum.GetValues<ProvisioningErrorKind>().Where(k => !k.NotifiesTeam()));
        Assert.Equal([ProvisioningErrorKind.DirectoryUnavailable], Enum.GetValues<ProvisioningErrorKind>().Where(k => k.IsTransient()));
    }

    [Fact]
    public void Coc_not_signed_carries_the_signing_link()
    {
        var error = ProvisioningError.Create(ProvisioningErrorKind.CocNotSigned, "x", ProvisioningSteps.CodeOfConduct);

        Assert.Equal(("https://launchpad.net/codeofconduct", false, "coc-not-signed"), (error.HelpUrl, error.IsTransient, error.Code));
    }

    [Fact]
    public void Fingerprints_depend_on_user_and_kind()
    {
        var a = ErrorLogService.Fingerprint("subject:1", ProvisioningErrorKind.AccountNotValid);

        Assert.Equal(a, ErrorLogService.Fingerprint("subject:1", ProvisioningErrorKind.AccountNotValid));
        Assert.NotEqual(a, ErrorLogService.Fingerprint("subject:2", ProvisioningErrorKind.AccountNotValid));
        Assert.NotEqual(a, ErrorLogService.Fingerprint("subject:1", ProvisioningErrorKind.CocNotSigned));
        Assert.Equal(64, a.Length);
    }
}
