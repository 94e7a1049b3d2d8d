using ForwardEmail.Dashboard.Core.Data;
using ForwardEmail.Dashboard.Core.Domain;
using ForwardEmail.Dashboard.Core.Errors;
using ForwardEmail.Dashboard.Core.Provisioning;
using ForwardEmail.Dashboard.Demo.Directory;
using ForwardEmail.Dashboard.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ForwardEmail.Dashboard.IntegrationTests.Provisioning;

/// <summary>PRODUCT.md section 3, one rule per test, on real SQLite against the demo Launchpad server.</summary>
public sealed class ProvisioningServiceTests
{
    private static readonly TimeSpan PastCache = TimeSpan.FromHours(2);

    [Fact]
    public async Task Eligible_member_gets_the_alias_and_each_domain_admin_gets_exactly_one_email()
    {
        await using var host = await ProvisioningTestHost.StartAsync(d =>
        {
            d.AddPerson("amira-h");
            d.AddToTeam("amira-h", "ubuntumembers");
        });
        await host.WithDbAsync(async db =>
        {
            var ubuntu = await db.Domains.SingleAsync(x => x.Name == "ubuntu.com");
            db.DomainAdminContacts.Add(new DomainAdminContact { DomainId = ubuntu.Id, Email = "second-admin@example.org" });
            await db.SaveChangesAsync();
        });
        var id = await host.AddContributorAsync("Amira-H", "amira@example.org");

        var result = await host.ProvisionAsync(id);

        Assert.Null(result.Error);
        var created = Assert.Single(result.Domains, o => o.Kind == DomainOutcomeKind.Created);
        Assert.Equal("amira-h@ubuntu.com", created.Address);
        Assert.Equal(5, result.Domains.Count(o => o.Kind == DomainOutcomeKind.NotMember));

        var alias = Assert.Single(await host.AliasesAsync());
        Assert.Equal(("amira-h", "ubuntu.com", id, true, AliasOrigin.Provisioned), (alias.Name, alias.Domain!.Name, alias.OwnerId!.Value, alias.IsEnabled, alias.Origin));
        Assert.Equal(["amira@example.org"], alias.Recipients);

        var outbox = await host.OutboxAsync();
        Assert.Equal(["admins@ubuntu.com", "second-admin@example.org"], outbox.Select(m => m.To).Order().ToList());
        Assert.All(outbox, m =>
        {
            Assert.Equal("New @ubuntu.com email address created", m.Subject);
            Assert.Contains("amira-h@ubuntu.com", m.Body, StringComparison.Ordinal);
            Assert.Contains("amira@example.org", m.Body, StringComparison.Ordinal);
            Assert.Equal("alias-created", m.Kind);
        });

        var audit = Assert.Single(await host.AuditAsync());
        Assert.Equal(("test:" + id, "alias.created", "alias", "amira-h@ubuntu.com"), (audit.Actor, audit.Action, audit.TargetType, audit.Target));
        Assert.Null(audit.Before);
        Assert.Contains("\"isEnabled\":true", audit.After, StringComparison.Ordinal);
        Assert.Empty(await host.ErrorLogAsync());
    }

    [Fact]
    public async Task Account_not_valid_is_an_error_and_provisions_nothing()
    {
        await using var host = await ProvisioningTestHost.StartAsync(d =>
        {
            d.AddPerson("rvandijk", isValid: false);
            d.AddToTeam("rvandijk", "ubuntumembers");
        });
        var id = await host.AddContributorAsync("rvandijk", "rv@example.org", subject: "sub-rv");

        var result = await host.ProvisionAsync(id);

        Assert.Equal(ProvisioningErrorKind.AccountNotValid, result.Error!.Kind);
        Assert.Empty(await host.AliasesAsync());
        var entry = Assert.Single(await host.ErrorLogAsync());
        Assert.Equal(("account-not-valid", "account-valid", "rvandijk", "rv@example.org", "sub-rv", 1, false),
            (entry.Kind, entry.Step, entry.Username, entry.Email, entry.Subject, entry.Count, entry.IsTransient));
        var mail = Assert.Single(await host.OutboxAsync());
        Assert.Equal(ProvisioningTestHost.TeamAddress, mail.To);
    }

    [Fact]
    public async Task Not_a_code_of_conduct_signer_gets_coc_not_signed_with_the_signing_link()
    {
        await using var host = await ProvisioningTestHost.StartAsync(d =>
        {
            d.AddPerson("jdoe", isCocSigner: false);
            d.AddToTeam("jdoe", "kubuntu-members");
        });
        var id = await host.AddContributorAsync("jdoe", "jdoe@example.org");

        var result = await host.ProvisionAsync(id);

        Assert.Equal(ProvisioningErrorKind.CocNotSigned, result.Error!.Kind);
        Assert.Equal("coc-not-signed", result.Error.Code);
        Assert.Equal("https://launchpad.net/codeofconduct", result.Error.HelpUrl);
        Assert.Empty(await host.AliasesAsync());
        Assert.Equal("coc-not-signed", Assert.Single(await host.ErrorLogAsync()).Kind);
    }

    [Fact]
    public async Task Banned_user_is_logged_but_never_emailed_to_the_team_and_the_directory_is_not_asked()
    {
        await using var host = await ProvisioningTestHost.StartAsync(d =>
        {
            d.AddPerson("spammer");
            d.AddToTeam("spammer", "ubuntumembers");
        });
        var id = await host.AddContributorAsync("spammer", "spam@example.org", banned: true);

        var result = await host.ProvisionAsync(id);

        Assert.Equal(ProvisioningErrorKind.Banned, result.Error!.Kind);
        Assert.Empty(await host.AliasesAsync());
        var entry = Assert.Single(await host.ErrorLogAsync());
        Assert.Equal(("banned", 1, (DateTimeOffset?)null), (entry.Kind, entry.Count, entry.LastTeamNotifiedAt));
        Assert.Empty(await host.OutboxAsync());
        Assert.Equal(0, host.Directory.Requests.Count);
    }

    [Fact]
    public async Task Person_in_no_team_gets_not_in_team_naming_the_teams_to_join()
    {
        await using var host = await ProvisioningTestHost.StartAsync(d =>
        {
            d.AddPerson("loner");
            // Non-empty listings: an empty one is a directory fault and proves nothing about membership.
            d.AddPerson("someone");
            foreach (var (_, team) in DefaultData.DomainTeams)
            {
                d.AddToTeam("someone", team);
            }
        });
        var id = await host.AddContributorAsync("loner", "loner@example.org");

        var result = await host.ProvisionAsync(id);

        Assert.Equal(ProvisioningErrorKind.NotInTeam, result.Error!.Kind);
        Assert.Equal(["edubuntu-members", "kubuntu-members", "lubuntu-members", "ubuntu-smtp-test", "ubuntumembers", "ubuntustudio-core"],
            result.Error.TeamsToJoin.Order().ToList());
        Assert.All(result.Domains, o => Assert.Equal(DomainOutcomeKind.NotMember, o.Kind));
        Assert.Empty(await host.AliasesAsync());
        Assert.Equal("not-in-team", Assert.Single(await host.ErrorLogAsync()).Kind);
        // The listings do not describe them: exactly one person request, to tell them why.
        Assert.Equal(1, host.Directory.Requests.Paths.Count(p => p.EndsWith("~loner", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Member_of_two_teams_gets_two_aliases()
    {
        await using var host = await ProvisioningTestHost.StartAsync(d =>
        {
            d.AddPerson("amira-h");
            d.AddToTeam("amira-h", "ubuntumembers");
            d.AddToTeam("amira-h", "edubuntu-members");
        });
        var id = await host.AddContributorAsync("amira-h", "amira@example.org");

        var result = await host.ProvisionAsync(id);

        Assert.Null(result.Error);
        Assert.Equal(["amira-h@edubuntu.org", "amira-h@ubuntu.com"],
            (await host.AliasesAsync()).Select(a => $"{a.Name}@{a.Domain!.Name}").Order().ToList());
        Assert.Equal(["admins@edubuntu.org", "admins@ubuntu.com"], (await host.OutboxAsync()).Select(m => m.To).Order().ToList());
        // Both came from the listings: no person request.
        Assert.DoesNotContain(host.Directory.Requests.Paths, p => p.EndsWith("~amira-h", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Leaving_the_team_disables_the_alias_only_after_the_grace_period()
    {
        await using var host = await ProvisioningTestHost.StartAsync(d =>
        {
            d.AddPerson("lfischer");
            d.AddToTeam("lfischer", "lubuntu-members");
            d.AddPerson("stays");
            d.AddToTeam("stays", "lubuntu-members");
        });
        var id = await host.AddContributorAsync("lfischer", "lf@example.org");
        await host.ProvisionAsync(id);
        var createdMails = (await host.OutboxAsync()).Count;

        host.Directory.Data.RemoveFromTeam("lfischer", "lubuntu-members");
        host.Advance(PastCache);
        var leftAt = host.Time.GetUtcNow();
        var pending = await host.ProvisionAsync(id);

        var outcome = Assert.Single(pending.Domains, o => o.Domain == "lubuntu.me");
        Assert.Equal(DomainOutcomeKind.PendingRemoval, outcome.Kind);
        Assert.Equal(leftAt.AddDays(7), outcome.DisableAt);
        var alias = Assert.Single(await host.AliasesAsync());
        Assert.True(alias.IsEnabled);
        Assert.Equal((leftAt, "left-team"), (alias.IneligibleSince!.Value, alias.IneligibleReason));
        var told = (await host.OutboxAsync()).Skip(createdMails).ToList();
        Assert.Equal(["admins@lubuntu.me", "lf@example.org"], told.Select(m => m.To).Order().ToList());
        Assert.All(told, m => Assert.Equal("alias-pending-removal", m.Kind));

        // One minute before the grace period ends: still forwarding, nothing written.
        host.Advance(TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1));
        Assert.Equal(DomainOutcomeKind.PendingRemoval, Assert.Single((await host.ProvisionAsync(id)).Domains, o => o.Domain == "lubuntu.me").Kind);
        Assert.True(Assert.Single(await host.AliasesAsync()).IsEnabled);
        Assert.Equal(createdMails + 2, (await host.OutboxAsync()).Count);

        host.Advance(TimeSpan.FromMinutes(1));
        var disabled = await host.ProvisionAsync(id);

        Assert.Equal(DomainOutcomeKind.Disabled, Assert.Single(disabled.Domains, o => o.Domain == "lubuntu.me").Kind);
        alias = Assert.Single(await host.AliasesAsync());
        Assert.False(alias.IsEnabled);
        Assert.Equal(("left-team", leftAt.AddDays(7)), (alias.DisabledReason, alias.DisabledAt!.Value));
        var disabledMails = (await host.OutboxAsync()).Skip(createdMails + 2).ToList();
        Assert.Equal(["admins@lubuntu.me", "lf@example.org"], disabledMails.Select(m => m.To).Order().ToList());
        Assert.All(disabledMails, m => Assert.Equal("alias-disabled", m.Kind));
        Assert.Equal(["alias.created", "alias.pending-removal", "alias.disabled"], (await host.AuditAsync()).Select(a => a.Action).ToList());
    }

    [Fact]
    public async Task A_ban_disables_at_once()
    {
        await using var host = await ProvisioningTestHost.StartAsync(d =>
        {
            d.AddPerson("somchai");
            d.AddToTeam("somchai", "ubuntumembers");
        });
        var id = await host.AddContributorAsync("somchai", "somchai@example.org");
        await host.ProvisionAsync(id);

        await host.BanAsync(id);
        var result = await host.ProvisionAsync(id);

        Assert.Equal(ProvisioningErrorKind.Banned, result.Error!.Kind);
        var alias = Assert.Single(await host.AliasesAsync());
        Assert.False(alias.IsEnabled);
        Assert.Equal(("banned", ProvisioningTestHost.Start), (alias.DisabledReason, alias.DisabledAt!.Value));
        var disabledMails = (await host.OutboxAsync()).Where(m => m.Kind == "alias-disabled").Select(m => m.To).Order().ToList();
        Assert.Equal(["admins@ubuntu.com", "somchai@example.org"], disabledMails);
        Assert.DoesNotContain(await host.OutboxAsync(), m => m.To == ProvisioningTestHost.TeamAddress);
    }

    [Fact]
    public async Task Rejoining_after_the_grace_period_re_enables_the_alias()
    {
        await using var host = await ProvisioningTestHost.StartAsync(d =>
        {
            d.AddPerson("lfischer");
            d.AddToTeam("lfischer", "lubuntu-members");
            d.AddPerson("stays");
            d.AddToTeam("stays", "lubuntu-members");
        });
        var id = await host.AddContributorAsync("lfischer", "lf@example.org");
        await host.ProvisionAsync(id);
        host.Directory.Data.RemoveFromTeam("lfischer", "lubuntu-members");
        host.Advance(PastCache);
        await host.ProvisionAsync(id);
        host.Advance(TimeSpan.FromDays(8));
        await host.ProvisionAsync(id);
        Assert.False(Assert.Single(await host.AliasesAsync()).IsEnabled);

        host.Directory.Data.AddToTeam("lfischer", "lubuntu-members");
        host.Advance(PastCache);
        var result = await host.ProvisionAsync(id);

        var outcome = Assert.Single(result.Domains, o => o.Domain == "lubuntu.me");
        Assert.Equal(DomainOutcomeKind.Updated, outcome.Kind);
        Assert.Equal(["re-enabled (was disabled: left-team)"], outcome.Changes);
        var alias = Assert.Single(await host.AliasesAsync());
        Assert.Equal((true, (string?)null, (DateTimeOffset?)null, (string?)null, (DateTimeOffset?)null),
            (alias.IsEnabled, alias.DisabledReason, alias.DisabledAt, alias.IneligibleReason, alias.IneligibleSince));
        Assert.Equal("alias.reenabled", (await host.AuditAsync())[^1].Action);
        Assert.Equal("alias-updated", (await host.OutboxAsync())[^1].Kind);
    }

    [Fact]
    public async Task Rejoining_within_the_grace_period_cancels_the_pending_removal()
    {
        await using var host = await ProvisioningTestHost.StartAsync(d =>
        {
            d.AddPerson("lfischer");
            d.AddToTeam("lfischer", "lubuntu-members");
            d.AddPerson("stays");
            d.AddToTeam("stays", "lubuntu-members");
        });
        var id = await host.AddContributorAsync("lfischer", "lf@example.org");
        await host.ProvisionAsync(id);
        host.Directory.Data.RemoveFromTeam("lfischer", "lubuntu-members");
        host.Advance(PastCache);
        await host.ProvisionAsync(id);

        host.Directory.Data.AddToTeam("lfischer", "lubuntu-members");
        host.Advance(PastCache);
        var result = await host.ProvisionAsync(id);

        Assert.Equal(["pending removal cancelled (was left-team)"], Assert.Single(result.Domains, o => o.Domain == "lubuntu.me").Changes);
        var alias = Assert.Single(await host.AliasesAsync());
        Assert.Equal((true, (DateTimeOffset?)null), (alias.IsEnabled, alias.IneligibleSince));
    }

    [Fact]
    public async Task A_reserved_name_is_an_alias_conflict()
    {
        await using var host = await ProvisioningTestHost.StartAsync(d =>
        {
            d.AddPerson("postmaster");
            d.AddToTeam("postmaster", "ubuntumembers");
        });
        var id = await host.AddContributorAsync("postmaster", "pm@example.org");

        var result = await host.ProvisionAsync(id);

        Assert.Equal(ProvisioningErrorKind.AliasConflict, result.Error!.Kind);
        Assert.Equal("postmaster@ubuntu.com", result.Error.Address);
        var outcome = Assert.Single(result.Domains, o => o.Domain == "ubuntu.com");
        Assert.Equal((DomainOutcomeKind.Conflict, "reserved"), (outcome.Kind, outcome.Reason));
        Assert.Empty(await host.AliasesAsync());
        Assert.Equal(("alias-conflict", "alias"), ((await host.ErrorLogAsync()).Single().Kind, (await host.ErrorLogAsync()).Single().Step));
    }

    [Fact]
    public async Task A_name_taken_by_a_manual_alias_is_an_alias_conflict_and_the_manual_alias_is_untouched()
    {
        await using var host = await ProvisioningTestHost.StartAsync(d =>
        {
            d.AddPerson("press");
            d.AddToTeam("press", "ubuntumembers");
        });
        await host.WithDbAsync(async db =>
        {
            var ubuntu = await db.Domains.SingleAsync(x => x.Name == "ubuntu.com");
            db.Aliases.Add(new Alias { DomainId = ubuntu.Id, Name = "press", Recipients = ["comms@example.org"], Origin = AliasOrigin.Manual, CreatedAt = ProvisioningTestHost.Start, UpdatedAt = ProvisioningTestHost.Start });
            await db.SaveChangesAsync();
        });
        var id = await host.AddContributorAsync("press", "press-person@example.org");

        var result = await host.ProvisionAsync(id);

        Assert.Equal(ProvisioningErrorKind.AliasConflict, result.Error!.Kind);
        Assert.Equal("name-taken", Assert.Single(result.Domains, o => o.Domain == "ubuntu.com").Reason);
        var manual = Assert.Single(await host.AliasesAsync());
        Assert.Equal((AliasOrigin.Manual, (int?)null, true), (manual.Origin, manual.OwnerId, manual.IsEnabled));
        Assert.Equal(["comms@example.org"], manual.Recipients);
        Assert.Equal("alias-conflict", Assert.Single(await host.ErrorLogAsync()).Kind);
        Assert.Empty(await host.AuditAsync());
    }

    [Fact]
    public async Task Self_forwarding_alias_is_created_disabled_and_admins_are_told()
    {
        await using var host = await ProvisioningTestHost.StartAsync(d =>
        {
            d.AddPerson("selfie");
            d.AddToTeam("selfie", "ubuntumembers");
        });
        var id = await host.AddContributorAsync("selfie", "selfie@ubuntu.com");

        var result = await host.ProvisionAsync(id);

        Assert.Equal(DomainOutcomeKind.CreatedDisabledSelfForwarding, Assert.Single(result.Domains, o => o.Domain == "ubuntu.com").Kind);
        var alias = Assert.Single(await host.AliasesAsync());
        Assert.Equal((false, "forwards-to-itself", ProvisioningTestHost.Start), (alias.IsEnabled, alias.DisabledReason, alias.DisabledAt!.Value));
        var mail = Assert.Single(await host.OutboxAsync());
        Assert.Equal(("admins@ubuntu.com", "New @ubuntu.com email address created"), (mail.To, mail.Subject));
        Assert.Contains("forwards-to-itself", mail.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_run_changes_nothing_and_sends_nothing()
    {
        await using var host = await ProvisioningTestHost.StartAsync(d =>
        {
            d.AddPerson("amira-h");
            d.AddToTeam("amira-h", "ubuntumembers");
            d.AddToTeam("amira-h", "edubuntu-members");
        });
        var id = await host.AddContributorAsync("amira-h", "amira@example.org");
        await host.ProvisionAsync(id);
        var aliases = await host.AliasesAsync();
        var (outbox, audit) = ((await host.OutboxAsync()).Count, (await host.AuditAsync()).Count);

        var second = await host.ProvisionAsync(id, ProvisioningTrigger.SupportRetry);

        Assert.Null(second.Error);
        Assert.False(second.Changed);
        Assert.Equal(2, second.Domains.Count(o => o.Kind == DomainOutcomeKind.Unchanged));
        Assert.Equal(aliases.Select(a => (a.Id, a.UpdatedAt, a.IsEnabled)), (await host.AliasesAsync()).Select(a => (a.Id, a.UpdatedAt, a.IsEnabled)));
        Assert.Equal(2, outbox);
        Assert.Equal(2, audit);
        Assert.Equal(outbox, (await host.OutboxAsync()).Count);
        Assert.Equal(audit, (await host.AuditAsync()).Count);
    }

    [Fact]
    public async Task Two_concurrent_provisionings_create_one_alias_and_one_email()
    {
        await using var host = await ProvisioningTestHost.StartAsync(d =>
        {
            d.AddPerson("racer");
            d.AddToTeam("racer", "kubuntu-members");
        });
        var id = await host.AddContributorAsync("racer", "racer@example.org");
        // Warm the members cache so both runs reach the database together.
        await host.ProvisionAsync(await host.AddContributorAsync("someone-else", "else@example.org"));
        var before = (await host.OutboxAsync()).Count;

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => host.ProvisionAsync(id))));

        Assert.All(results, r => Assert.Null(r.Error));
        Assert.Equal(1, results.Count(r => r.Domains.Any(o => o.Kind == DomainOutcomeKind.Created)));
        Assert.Equal(3, results.Count(r => r.Domains.Any(o => o.Domain == "kubuntu.org" && o.Kind == DomainOutcomeKind.Unchanged)));
        var alias = Assert.Single(await host.AliasesAsync());
        Assert.Equal("racer", alias.Name);
        var mails = (await host.OutboxAsync()).Skip(before).ToList();
        Assert.Equal(("admins@kubuntu.org", "New @kubuntu.org email address created"), (Assert.Single(mails).To, mails[0].Subject));
    }

    [Fact]
    public async Task Renamed_user_keeps_the_old_alias_for_the_grace_period_and_gets_the_new_one()
    {
        await using var host = await ProvisioningTestHost.StartAsync(d =>
        {
            d.AddPerson("oldname");
            d.AddToTeam("oldname", "ubuntumembers");
        });
        var id = await host.AddContributorAsync("oldname", "r@example.org", subject: "stable-subject");
        await host.ProvisionAsync(id);

        host.Directory.Data.AddPerson("newname");
        host.Directory.Data.AddToTeam("newname", "ubuntumembers");
        host.Directory.Data.RemoveFromTeam("oldname", "ubuntumembers");
        await host.WithDbAsync(db => db.Contributors.Where(c => c.Id == id).ExecuteUpdateAsync(s => s.SetProperty(c => c.Username, "newname")));
        host.Advance(PastCache);
        await host.ProvisionAsync(id);

        var aliases = (await host.AliasesAsync()).ToDictionary(a => a.Name);
        Assert.Equal((true, "renamed"), (aliases["oldname"].IsEnabled, aliases["oldname"].IneligibleReason));
        Assert.Equal((true, (DateTimeOffset?)null, id), (aliases["newname"].IsEnabled, aliases["newname"].IneligibleSince, aliases["newname"].OwnerId!.Value));

        host.Advance(TimeSpan.FromDays(7));
        await host.ProvisionAsync(id);
        aliases = (await host.AliasesAsync()).ToDictionary(a => a.Name);
        Assert.Equal((false, "renamed"), (aliases["oldname"].IsEnabled, aliases["oldname"].DisabledReason));
        Assert.True(aliases["newname"].IsEnabled);
    }
}
