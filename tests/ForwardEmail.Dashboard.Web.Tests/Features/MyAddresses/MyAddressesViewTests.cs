using ForwardEmail.Dashboard.Core.Errors;
using ForwardEmail.Dashboard.Core.Provisioning;
using ForwardEmail.Dashboard.Web.Features.MyAddresses;
using ForwardEmail.Dashboard.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace ForwardEmail.Dashboard.Web.Tests.Features.MyAddresses;

public sealed class MyAddressesViewTests : DashboardTestContext
{
    private static readonly DateTimeOffset Since = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private IStringLocalizer L => Services.GetRequiredService<IStringLocalizer<MyAddressesPage>>();

    [Theory]
    [InlineData(ProvisioningErrorKind.InvalidUser, "Your profile is incomplete (Launchpad username, email or account id), so no address can be made. Support has been told and will fix it; you do not need to do anything.")]
    [InlineData(ProvisioningErrorKind.Banned, "An administrator has blocked addresses for your account. If you think this is a mistake, contact the admins.")]
    [InlineData(ProvisioningErrorKind.AccountNotValid, "Launchpad says your account is not active. Reactivate your Launchpad account and make sure it has a preferred email address, then try again.")]
    [InlineData(ProvisioningErrorKind.CocNotSigned, "You have not signed the Ubuntu Code of Conduct yet, so no address can be made. Sign it on Launchpad, then come back and claim your addresses.")]
    [InlineData(ProvisioningErrorKind.AccountNotFound, "Launchpad has no account named jdoe. Check that the username in your identity provider is your Launchpad username, then sign in again.")]
    [InlineData(ProvisioningErrorKind.NotInTeam, "You are not a member of any team that gives an address. Join one of these teams on Launchpad, then come back and claim your address:")]
    [InlineData(ProvisioningErrorKind.AliasConflict, "The address jdoe@ubuntu.com is reserved or already taken, so it could not be made for you. Support has been told and will resolve it; you do not need to do anything.")]
    [InlineData(ProvisioningErrorKind.InvalidDirectoryResponse, "Launchpad answered in a way we could not read. Nothing changed; support has been told. Try again later.")]
    [InlineData(ProvisioningErrorKind.DirectoryUnavailable, "Launchpad is not reachable right now. Nothing changed. Try again in a few minutes.")]
    [InlineData(ProvisioningErrorKind.RemovalCircuitOpen, "A safety check is holding back changes on a domain while the admins review them. Your existing addresses keep working.")]
    public void Error_TellsTheContributorWhyAndWhatToDo_ForEachKind(ProvisioningErrorKind kind, string expected)
    {
        var error = ProvisioningError.Create(kind, "detail for support", ProvisioningSteps.Validity) with { Address = "jdoe@ubuntu.com" };

        var message = MyAddressesView.Error(error, "jdoe", L);

        Assert.Equal(expected, message.Text);
        Assert.Equal(kind.ToCode(), message.Code);
    }

    [Fact]
    public void Error_EveryKindHasAMessage()
    {
        Assert.All(ProvisioningErrorKinds.All, kind => Assert.False(L["Error." + kind.ToCode()].ResourceNotFound, kind.ToCode()));
    }

    [Fact]
    public void Error_CocNotSigned_LinksToTheCodeOfConduct()
    {
        var message = MyAddressesView.Error(ProvisioningError.Create(ProvisioningErrorKind.CocNotSigned, "x", ProvisioningSteps.CodeOfConduct), "jdoe", L);

        Assert.Equal("https://launchpad.net/codeofconduct", message.Link);
        Assert.Equal("Sign the Ubuntu Code of Conduct on Launchpad", message.LinkText);
    }

    [Fact]
    public void Error_DirectoryUnavailable_IsTransient_AndHasNoLink()
    {
        var message = MyAddressesView.Error(ProvisioningError.Create(ProvisioningErrorKind.DirectoryUnavailable, "x", ProvisioningSteps.Directory), "jdoe", L);

        Assert.True(message.IsTransient);
        Assert.Null(message.Link);
    }

    [Fact]
    public void Error_NotInTeam_ListsTheTeamsToJoin()
    {
        var error = ProvisioningError.Create(ProvisioningErrorKind.NotInTeam, "x", ProvisioningSteps.Membership) with { TeamsToJoin = ["ubuntumembers", "kubuntu-members"] };

        var message = MyAddressesView.Error(error, "pkowalski", L);

        Assert.Equal(["ubuntumembers", "kubuntu-members"], message.TeamsToJoin);
    }

    [Theory]
    [InlineData(DomainOutcomeKind.Created, null, OutcomeTone.Success, "Created. It forwards to your email.")]
    [InlineData(DomainOutcomeKind.Unchanged, null, OutcomeTone.Success, "Already up to date.")]
    [InlineData(DomainOutcomeKind.DomainNotProvisioning, null, OutcomeTone.Neutral, "This domain does not hand out addresses right now (not verified yet or paused by the admins).")]
    [InlineData(DomainOutcomeKind.Conflict, AliasReasons.Reserved, OutcomeTone.Problem, "This name is reserved on this domain. Support has been told and will resolve it; you do not need to do anything.")]
    [InlineData(DomainOutcomeKind.Conflict, AliasReasons.NameTaken, OutcomeTone.Problem, "This name is already taken on this domain. Support has been told and will resolve it; you do not need to do anything.")]
    [InlineData(DomainOutcomeKind.Disabled, AliasReasons.Banned, OutcomeTone.Problem, "Disabled: blocked by an administrator.")]
    [InlineData(DomainOutcomeKind.Disabled, "spam-complaints", OutcomeTone.Problem, "Disabled: disabled by an administrator.")]
    [InlineData(DomainOutcomeKind.CreatedDisabledSelfForwarding, AliasReasons.ForwardsToItself, OutcomeTone.Problem, "Created but disabled: your email is this address itself, so it would forward to itself. Change your email with your identity provider, then refresh.")]
    [InlineData(DomainOutcomeKind.RemovalHeld, AliasReasons.LeftTeam, OutcomeTone.Neutral, "Still active: a removal is on hold while the admins check the directory.")]
    public void Outcome_SaysWhatHappened_InPlainWords(DomainOutcomeKind kind, string? reason, OutcomeTone tone, string expected)
    {
        var outcome = new DomainOutcome(1, "ubuntu.com", kind, Changed: true) { Address = "jdoe@ubuntu.com", Team = "ubuntumembers", Reason = reason };

        var row = MyAddressesView.Outcome(outcome, [], [], L);

        Assert.Equal(expected, row.Message);
        Assert.Equal(tone, row.Tone);
        Assert.Equal("jdoe@ubuntu.com", row.Address);
    }

    [Fact]
    public void Outcome_NotMember_TellsWhichTeamToJoin()
    {
        var outcome = new DomainOutcome(1, "kubuntu.org", DomainOutcomeKind.NotMember, false) { Team = "kubuntu-members", Reason = AliasReasons.LeftTeam };

        var row = MyAddressesView.Outcome(outcome, [], [], L);

        Assert.Equal("You are not a member of this domain's team. To get this address, join", row.Message);
        Assert.Equal("kubuntu-members", row.TeamToJoin);
        Assert.Equal(OutcomeTone.ActionNeeded, row.Tone);
    }

    [Fact]
    public void Outcome_NotMember_BecauseTheCodeOfConductIsUnsigned_PointsToTheErrorInsteadOfTheTeam()
    {
        var outcome = new DomainOutcome(1, "edubuntu.org", DomainOutcomeKind.NotMember, false) { Team = "edubuntu-members", Reason = AliasReasons.CocNotSigned };

        var row = MyAddressesView.Outcome(outcome, [], [], L);

        Assert.Equal("No address until the problem above is fixed.", row.Message);
        Assert.Null(row.TeamToJoin);
    }

    [Fact]
    public void Outcomes_LeaveOutDomainsWithoutAnAddressBecauseOfTheError_AndKeepAddressesThatStillForward()
    {
        var error = ProvisioningError.Create(ProvisioningErrorKind.CocNotSigned, "x", ProvisioningSteps.CodeOfConduct);
        var result = new ProvisioningResult(7, error,
        [
            new DomainOutcome(1, "ubuntu.com", DomainOutcomeKind.NotMember, false) { Team = "ubuntumembers", Reason = AliasReasons.CocNotSigned },
            new DomainOutcome(4, "edubuntu.org", DomainOutcomeKind.PendingRemoval, true)
            {
                Address = "jdoe@edubuntu.org", Team = "edubuntu-members", Reason = AliasReasons.CocNotSigned, DisableAt = Since,
            },
        ]);

        var rows = MyAddressesView.Outcomes(result, [], [], L);

        var row = Assert.Single(rows);
        Assert.Equal("jdoe@edubuntu.org", row.Address);
        Assert.Equal("Pending removal (the Code of Conduct is not signed): it still forwards until 11/23/2026 10:00\u202fAM UTC, then it is disabled unless you qualify again.", row.Message);
    }

    [Fact]
    public void Outcomes_LeaveOutADomainThatHandsOutNoAddressesNow_WhenThePersonLevelErrorSaysItAll()
    {
        var error = ProvisioningError.Create(ProvisioningErrorKind.CocNotSigned, "x", ProvisioningSteps.CodeOfConduct);
        var result = new ProvisioningResult(7, error,
        [
            new DomainOutcome(9, "community.example", DomainOutcomeKind.DomainNotProvisioning, false) { Team = "ubuntumembers" },
        ]);

        Assert.Empty(MyAddressesView.Outcomes(result, [], [], L));
        Assert.Single(MyAddressesView.Outcomes(result with { Error = null }, [], [], L));
    }

    [Fact]
    public void Outcomes_PutDomainsWithAnAddressFirst()
    {
        var result = new ProvisioningResult(7, null,
        [
            new DomainOutcome(1, "kubuntu.org", DomainOutcomeKind.NotMember, false) { Team = "kubuntu-members", Reason = AliasReasons.LeftTeam },
            new DomainOutcome(2, "ubuntu.com", DomainOutcomeKind.Created, true) { Address = "amira-h@ubuntu.com", Team = "ubuntumembers" },
        ]);

        var rows = MyAddressesView.Outcomes(result, [], [], L);

        Assert.Equal(["ubuntu.com", "kubuntu.org"], rows.Select(r => r.Domain));
    }

    [Fact]
    public void Outcome_PendingRemoval_SaysUntilWhenItForwards()
    {
        var outcome = new DomainOutcome(1, "ubuntu.com", DomainOutcomeKind.PendingRemoval, true)
        {
            Address = "jdoe@ubuntu.com", Team = "ubuntumembers", Reason = AliasReasons.LeftTeam, PendingSince = Since, DisableAt = Since.AddDays(7),
        };

        var row = MyAddressesView.Outcome(outcome, [], [], L);

        Assert.Equal("Pending removal (you are no longer in the team): it still forwards until 11/30/2026 10:00\u202fAM UTC, then it is disabled unless you qualify again.", row.Message);
        Assert.Equal("ubuntumembers", row.TeamToJoin);
    }

    [Fact]
    public void Outcome_Updated_DescribesWhatChanged_FromTheAliasBeforeAndAfter()
    {
        var outcome = new DomainOutcome(1, "ubuntu.com", DomainOutcomeKind.Updated, true)
        {
            Address = "jdoe@ubuntu.com", Changes = ["recipient changed from old@example.org to new@example.org", "re-enabled (was disabled: left-team)"],
        };
        AliasSnapshot[] before = [new("jdoe@ubuntu.com", ["old@example.org"], false, AliasReasons.LeftTeam, null, null)];
        AliasSnapshot[] after = [new("jdoe@ubuntu.com", ["new@example.org"], true, null, null, null)];

        var row = MyAddressesView.Outcome(outcome, before, after, L);

        Assert.Equal("Updated:", row.Message);
        Assert.Equal(["now forwards to new@example.org (was old@example.org)", "enabled again"], row.Details);
    }

    [Fact]
    public void Outcome_Updated_WithoutTheAliasSnapshots_NeverShowsTheRunsEnglishChangeLines()
    {
        var outcome = new DomainOutcome(1, "ubuntu.com", DomainOutcomeKind.Updated, true)
        {
            Address = "jdoe@ubuntu.com", Changes = ["recipient changed from old@example.org to new@example.org"],
        };

        var row = MyAddressesView.Outcome(outcome, [], [], L);

        Assert.Equal("Updated.", row.Message);
        Assert.Empty(row.Details);
    }

    [Fact]
    public void Alias_PendingRemoval_ShowsTheDateTheGracePeriodEnds()
    {
        var alias = new AliasSnapshot("jdoe@ubuntu.com", ["jane@example.org"], true, null, Since, AliasReasons.AccountNotValid);

        var row = MyAddressesView.Alias(alias, TimeSpan.FromDays(7), L);

        Assert.Equal(AliasState.PendingRemoval, row.State);
        Assert.Equal("Pending removal: forwards until 11/30/2026 10:00\u202fAM UTC (your Launchpad account is not active)", row.StateText);
    }
}

public sealed class MyAddressesViewInThaiTests() : DashboardTestContext("th-TH")
{
    [Fact]
    public void Alias_PendingRemoval_UsesTheThaiCalendarAndTranslation()
    {
        var l = Services.GetRequiredService<IStringLocalizer<MyAddressesPage>>();
        var alias = new AliasSnapshot("jdoe@ubuntu.com", ["jane@example.org"], true, null, new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero), AliasReasons.LeftTeam);

        var row = MyAddressesView.Alias(alias, TimeSpan.FromDays(7), l);

        Assert.Equal("รอการนำออก: ส่งต่อจนถึง 30/11/2569 10:00 UTC (คุณไม่ได้อยู่ในทีมแล้ว)", row.StateText);
    }

    [Fact]
    public void Error_EveryKindIsTranslated()
    {
        var l = Services.GetRequiredService<IStringLocalizer<MyAddressesPage>>();

        Assert.All(ProvisioningErrorKinds.All, kind => Assert.DoesNotContain("Launchpad is", l["Error." + kind.ToCode()].Value, StringComparison.Ordinal));
        Assert.Equal("ไม่สามารถเชื่อมต่อ Launchpad ได้ในขณะนี้ ไม่มีการเปลี่ยนแปลงใด ๆ โปรดลองอีกครั้งในอีกสักครู่", l["Error.directory-unavailable"].Value);
    }
}
