using System.Globalization;
using System.Security.Claims;
using ForwardEmail.Dashboard.Core.Admin;
using ForwardEmail.Dashboard.Core.Domain;
using ForwardEmail.Dashboard.Core.Provisioning;
using ForwardEmail.Dashboard.IntegrationTests.Infrastructure;
using ForwardEmail.Dashboard.Web.Features.Admin;
using ForwardEmail.Dashboard.Web.Features.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ForwardEmail.Dashboard.IntegrationTests.Admin;

/// <summary>The admin console's alias services on the real provisioning stack, SQLite file and demo directory.</summary>
public sealed class AliasAdministrationTests
{
    internal static Task<ProvisioningTestHost> StartAsync(Action<Demo.Directory.DemoDirectoryData>? directory = null) =>
        ProvisioningTestHost.StartAsync(directory, services: services =>
        {
            services.AddSingleton(Options.Create(new OidcOptions()));
            services.AddSingleton(Options.Create(new BootstrapAuthorizationOptions { BootstrapAdmins = ["ada-admin"] }));
            services.AddSingleton(Options.Create(new DashboardSessionOptions()));
            services.AddSingleton<RoleLookup>();
            services.AddScoped<AliasAdministration>();
            services.AddScoped<ContributorAdministration>();
            services.AddScoped<AuditTrail>();
            services.AddScoped<AdminConsole>();
        });

    /// <param name="signedInAt">When the session began (default: the host's start); sessions have an absolute lifetime.</param>
    internal static ClaimsPrincipal Person(string username, DateTimeOffset? signedInAt = null) => new(new ClaimsIdentity(
    [
        new Claim(DashboardClaimTypes.Subject, "sub-" + username),
        new Claim(DashboardClaimTypes.Username, username),
        new Claim(DashboardClaimTypes.SessionStartedAt, (signedInAt ?? ProvisioningTestHost.Start).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
    ], "test"));

    internal static async Task<ClaimsPrincipal> SupportPersonAsync(ProvisioningTestHost host)
    {
        await host.AddRoleHolderAsync("sam-support", "sam@example.org", DashboardRole.Support);
        return Person("sam-support");
    }

    private static Task<T> ConsoleAsync<T>(ProvisioningTestHost host, Func<AdminConsole, Task<T>> action) => host.WithServiceAsync(action);

    private static async Task<int> DomainIdAsync(ProvisioningTestHost host, string name) =>
        await host.WithDbAsync(db => db.Domains.Where(d => d.Name == name).Select(d => d.Id).SingleAsync());

    private static Task<(int Aliases, int Audit, int Outbox)> CountsAsync(ProvisioningTestHost host) =>
        host.WithDbAsync(async db => (await db.Aliases.CountAsync(), await db.AuditEntries.CountAsync(), await db.Outbox.CountAsync()));

    [Fact]
    public async Task An_admin_disabled_alias_stays_disabled_through_reconciliation_until_an_admin_enables_it()
    {
        await using var host = await StartAsync(d =>
        {
            d.AddPerson("jdoe");
            d.AddToTeam("jdoe", "ubuntumembers");
        });
        var admin = Person("ada-admin");
        var contributorId = await host.AddContributorAsync("jdoe", "jdoe@example.org");
        await host.ReconcileAsync();
        var alias = Assert.Single(await host.AliasesAsync());
        Assert.True(alias.IsEnabled);

        // A reason is required; nothing is written without one.
        Assert.Equal(AliasChangeOutcome.NoteRequired, await ConsoleAsync(host, c => c.DisableAliasAsync(admin, alias.Id, "   ", CancellationToken.None)));
        Assert.Equal(AliasChangeOutcome.NoteTooLong,
            await ConsoleAsync(host, c => c.DisableAliasAsync(admin, alias.Id, new string('x', AliasAdministration.MaxNoteLength + 1), CancellationToken.None)));
        Assert.True(Assert.Single(await host.AliasesAsync()).IsEnabled);

        Assert.Equal(AliasChangeOutcome.Done, await ConsoleAsync(host, c => c.DisableAliasAsync(admin, alias.Id, "Spam complaints from three lists", CancellationToken.None)));
        Assert.Equal(AliasChangeOutcome.Unchanged, await ConsoleAsync(host, c => c.DisableAliasAsync(admin, alias.Id, "again", CancellationToken.None)));

        // The person still qualifies: neither the scheduled reconciliation nor their own claim turns it back on.
        host.Advance(TimeSpan.FromDays(1));
        await host.ReconcileAsync();
        await host.ProvisionAsync(contributorId);
        var held = Assert.Single(await host.AliasesAsync());
        Assert.Equal((false, AliasReasons.AdminDisabled, "Spam complaints from three lists"), (held.IsEnabled, held.DisabledReason, held.DisabledNote));

        // A day later the admin signs in again.
        admin = Person("ada-admin", host.Time.GetUtcNow());

        // Enabling again needs a reason too; without one the alias stays disabled.
        Assert.Equal(AliasChangeOutcome.NoteRequired, await ConsoleAsync(host, c => c.EnableAliasAsync(admin, alias.Id, " ", CancellationToken.None)));
        Assert.Equal(AliasChangeOutcome.NoteTooLong,
            await ConsoleAsync(host, c => c.EnableAliasAsync(admin, alias.Id, new string('x', AliasAdministration.MaxNoteLength + 1), CancellationToken.None)));
        Assert.False(Assert.Single(await host.AliasesAsync()).IsEnabled);

        Assert.Equal(AliasChangeOutcome.Done, await ConsoleAsync(host, c => c.EnableAliasAsync(admin, alias.Id, "The lists confirmed a forged sender", CancellationToken.None)));
        var enabled = Assert.Single(await host.AliasesAsync());
        Assert.Equal((true, (string?)null, (string?)null), (enabled.IsEnabled, enabled.DisabledReason, enabled.DisabledNote));

        var audit = (await host.AuditAsync()).Where(a => a.Actor == "ada-admin").ToList();
        Assert.Equal(["alias.admin-disabled", "alias.admin-enabled"], audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.Equal("jdoe@ubuntu.com", a.Target));
        Assert.Contains("\"isEnabled\":true", audit[0].Before, StringComparison.Ordinal);
        Assert.Contains("Spam complaints", audit[0].After, StringComparison.Ordinal);
        // The alias keeps no note once it forwards again: the reason for enabling is in the audit row only.
        Assert.Contains("\"note\":\"The lists confirmed a forged sender\"", audit[1].After, StringComparison.Ordinal);
        Assert.DoesNotContain("\"note\"", audit[0].After, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_ban_keeps_an_admin_disabled_alias_admin_disabled_after_the_unban()
    {
        await using var host = await StartAsync(d =>
        {
            d.AddPerson("jdoe");
            d.AddToTeam("jdoe", "ubuntumembers");
        });
        var contributorId = await host.AddContributorAsync("jdoe", "jdoe@example.org");
        await host.ProvisionAsync(contributorId);
        var alias = Assert.Single(await host.AliasesAsync());
        await ConsoleAsync(host, c => c.DisableAliasAsync(Person("ada-admin"), alias.Id, "Abuse report", CancellationToken.None));

        await host.BanAsync(contributorId);
        await host.ProvisionAsync(contributorId);
        await host.WithDbAsync(async db =>
        {
            var contributor = await db.Contributors.SingleAsync(c => c.Id == contributorId);
            contributor.IsBanned = false;
            await db.SaveChangesAsync();
        });
        await host.ProvisionAsync(contributorId);

        // "banned" is lifted by the sync; "admin-disabled" is not.
        Assert.Equal((false, AliasReasons.AdminDisabled), (Assert.Single(await host.AliasesAsync()).IsEnabled, Assert.Single(await host.AliasesAsync()).DisabledReason));
    }

    [Fact]
    public async Task Each_bad_manual_alias_gets_its_outcome_and_nothing_is_saved()
    {
        await using var host = await StartAsync(d =>
        {
            d.AddPerson("jdoe");
            d.AddToTeam("jdoe", "ubuntumembers");
        });
        var admin = Person("ada-admin");
        var jdoe = await host.AddContributorAsync("jdoe", "jdoe@example.org");
        await host.ProvisionAsync(jdoe);
        // jdoe's alias is disabled: the name stays theirs.
        await host.WithDbAsync(async db =>
        {
            var alias = await db.Aliases.SingleAsync();
            alias.IsEnabled = false;
            alias.DisabledReason = AliasReasons.LeftTeam;
            db.ReservedNames.Add(new ReservedName { Name = "Press-Office", CreatedAt = ProvisioningTestHost.Start });
            await db.SaveChangesAsync();
        });
        await host.AddContributorAsync("newbie", "newbie@example.org");
        var ubuntu = await DomainIdAsync(host, "ubuntu.com");
        var before = await CountsAsync(host);

        var cases = new (string? Name, int DomainId, string? Recipients, AliasChangeOutcome Expected)[]
        {
            (null, ubuntu, "a@example.org", AliasChangeOutcome.InvalidName),
            ("", ubuntu, "a@example.org", AliasChangeOutcome.InvalidName),
            ("p", ubuntu, "a@example.org", AliasChangeOutcome.InvalidName),
            (new string('p', 65), ubuntu, "a@example.org", AliasChangeOutcome.InvalidName),
            ("-press", ubuntu, "a@example.org", AliasChangeOutcome.InvalidName),
            ("pr ess", ubuntu, "a@example.org", AliasChangeOutcome.InvalidName),
            ("pre\u212Ass", ubuntu, "a@example.org", AliasChangeOutcome.InvalidName),
            ("postmaster", ubuntu, "a@example.org", AliasChangeOutcome.ReservedName),
            ("press-office", ubuntu, "a@example.org", AliasChangeOutcome.ReservedName),
            ("jdoe", ubuntu, "a@example.org", AliasChangeOutcome.NameTaken),
            ("newbie", ubuntu, "a@example.org", AliasChangeOutcome.HeldByContributor),
            ("press", 999_999, "a@example.org", AliasChangeOutcome.UnknownDomain),
            ("press", ubuntu, null, AliasChangeOutcome.NoRecipients),
            ("press", ubuntu, " , ;\n", AliasChangeOutcome.NoRecipients),
            ("press", ubuntu, "not-an-address", AliasChangeOutcome.InvalidRecipient),
            ("press", ubuntu, "Press Team <a@example.org>", AliasChangeOutcome.InvalidRecipient),
            ("press", ubuntu, "a@localhost", AliasChangeOutcome.InvalidRecipient),
            ("press", ubuntu, "a@example.org, PRESS@ubuntu.com", AliasChangeOutcome.RecipientIsAlias),
            ("press", ubuntu, string.Join(',', Enumerable.Range(0, AliasAdministration.MaxRecipients + 1).Select(i => $"p{i}@example.org")), AliasChangeOutcome.TooManyRecipients),
            ("press", ubuntu, new string('a', 10_000), AliasChangeOutcome.InvalidRecipient),
        };
        foreach (var (name, domainId, recipients, expected) in cases)
        {
            var (outcome, id) = await ConsoleAsync(host, c => c.CreateManualAliasAsync(admin, new ManualAliasRequest(name, domainId, recipients), CancellationToken.None));
            Assert.True(expected == outcome, $"{name} / {recipients?[..Math.Min(40, recipients.Length)]}: expected {expected}, got {outcome}");
            Assert.Null(id);
        }

        Assert.Equal(before, await CountsAsync(host));

        var (created, aliasId) = await ConsoleAsync(host, c => c.CreateManualAliasAsync(admin,
            new ManualAliasRequest(" Press ", ubuntu, "press-team@example.org; Editor@Example.org\nPRESS-team@example.org"), CancellationToken.None));
        Assert.Equal(AliasChangeOutcome.Done, created);
        var press = Assert.Single(await host.AliasesAsync(), a => a.Id == aliasId);
        Assert.Equal(("press", (int?)null, AliasOrigin.Manual, true), (press.Name, press.OwnerId, press.Origin, press.IsEnabled));
        Assert.Equal(["press-team@example.org", "Editor@Example.org"], press.Recipients);
        var audit = Assert.Single(await host.AuditAsync(), a => a.Action == "alias.manual-created");
        Assert.Equal(("ada-admin", "press@ubuntu.com"), (audit.Actor, audit.Target));
        var told = Assert.Single(await host.OutboxAsync(), m => m.Body.Contains("press@ubuntu.com", StringComparison.Ordinal));
        Assert.Equal("admins@ubuntu.com", told.To);
        Assert.Contains("press-team@example.org, Editor@Example.org", told.Body, StringComparison.Ordinal);

        // The same name on the same domain again is taken; on another domain it is free.
        Assert.Equal(AliasChangeOutcome.NameTaken,
            (await ConsoleAsync(host, c => c.CreateManualAliasAsync(admin, new ManualAliasRequest("press", ubuntu, "x@example.org"), CancellationToken.None))).Outcome);
        var kubuntu = await DomainIdAsync(host, "kubuntu.org");
        Assert.Equal(AliasChangeOutcome.Done,
            (await ConsoleAsync(host, c => c.CreateManualAliasAsync(admin, new ManualAliasRequest("press", kubuntu, "x@example.org"), CancellationToken.None))).Outcome);
    }

    [Fact]
    public async Task Support_reads_aliases_but_every_change_is_refused_on_the_server()
    {
        await using var host = await StartAsync(d =>
        {
            d.AddPerson("jdoe");
            d.AddToTeam("jdoe", "ubuntumembers");
        });
        var support = await SupportPersonAsync(host);
        var contributorId = await host.AddContributorAsync("jdoe", "jdoe@example.org");
        await host.ProvisionAsync(contributorId);
        var alias = Assert.Single(await host.AliasesAsync());
        await host.WithDbAsync(async db =>
        {
            var other = await db.Aliases.SingleAsync();
            db.Aliases.Add(new Alias
            {
                DomainId = other.DomainId, Name = "old-press", Recipients = ["p@example.org"], Origin = AliasOrigin.Manual, IsEnabled = false,
                DisabledReason = AliasReasons.AdminDisabled, CreatedAt = ProvisioningTestHost.Start, UpdatedAt = ProvisioningTestHost.Start,
            });
            await db.SaveChangesAsync();
        });
        var disabledId = (await host.AliasesAsync()).Single(a => a.Name == "old-press").Id;
        var before = await CountsAsync(host);

        Assert.Equal(2, (await ConsoleAsync(host, c => c.ListAliasesAsync(support, new AliasQuery(), CancellationToken.None)))!.Total);
        Assert.False(await ConsoleAsync(host, c => c.IsAdminAsync(support, CancellationToken.None)));
        Assert.Equal(AliasChangeOutcome.NotAllowed, await ConsoleAsync(host, c => c.DisableAliasAsync(support, alias.Id, "because", CancellationToken.None)));
        Assert.Equal(AliasChangeOutcome.NotAllowed, await ConsoleAsync(host, c => c.EnableAliasAsync(support, disabledId, "Support may not", CancellationToken.None)));
        Assert.Equal(AliasChangeOutcome.NotAllowed, (await ConsoleAsync(host, c => c.CreateManualAliasAsync(support,
            new ManualAliasRequest("press", alias.DomainId, "p@example.org"), CancellationToken.None))).Outcome);
        Assert.Equal(before, await CountsAsync(host));
        Assert.True((await host.AliasesAsync()).Single(a => a.Id == alias.Id).IsEnabled);

        // Someone with no support role reads nothing.
        Assert.Null(await ConsoleAsync(host, c => c.ListAliasesAsync(Person("jdoe"), new AliasQuery(), CancellationToken.None)));
    }

    [Fact]
    public async Task The_listing_searches_filters_and_sorts_in_the_database_and_refuses_a_huge_search()
    {
        await using var host = await StartAsync(d =>
        {
            foreach (var name in new[] { "alice", "bob", "carol" })
            {
                d.AddPerson(name);
                d.AddToTeam(name, "ubuntumembers");
            }
        });
        foreach (var name in new[] { "alice", "bob", "carol" })
        {
            await host.ProvisionAsync(await host.AddContributorAsync(name, $"{name}@mail.example.org"));
        }

        var admin = Person("ada-admin");
        var ubuntu = await DomainIdAsync(host, "ubuntu.com");
        await ConsoleAsync(host, c => c.CreateManualAliasAsync(admin, new ManualAliasRequest("press", ubuntu, "newsroom@example.net"), CancellationToken.None));
        await host.WithDbAsync(async db =>
        {
            var bob = await db.Aliases.SingleAsync(a => a.Name == "bob");
            bob.IneligibleSince = ProvisioningTestHost.Start;
            bob.IneligibleReason = AliasReasons.LeftTeam;
            var carol = await db.Aliases.SingleAsync(a => a.Name == "carol");
            carol.IsEnabled = false;
            carol.DisabledReason = AliasReasons.Banned;
            await db.SaveChangesAsync();
        });

        async Task<List<string>> AddressesAsync(AliasQuery query) =>
            [.. (await ConsoleAsync(host, c => c.ListAliasesAsync(admin, query, CancellationToken.None)))!.Rows.Select(r => r.Address)];

        Assert.Equal(["alice@ubuntu.com", "bob@ubuntu.com", "carol@ubuntu.com", "press@ubuntu.com"], await AddressesAsync(new AliasQuery()));
        Assert.Equal(["press@ubuntu.com"], await AddressesAsync(new AliasQuery(Search: "newsroom@")));
        Assert.Equal(["bob@ubuntu.com"], await AddressesAsync(new AliasQuery(Search: "  BOB@mail ")));
        Assert.Equal(["carol@ubuntu.com"], await AddressesAsync(new AliasQuery(Search: "carol@ubuntu.com")));
        // Any part of the address, across the '@' too, and the domain alone.
        Assert.Equal(["carol@ubuntu.com"], await AddressesAsync(new AliasQuery(Search: "OL@Ubu")));
        Assert.Equal(["alice@ubuntu.com", "bob@ubuntu.com", "carol@ubuntu.com", "press@ubuntu.com"], await AddressesAsync(new AliasQuery(Search: "@ubuntu.co")));
        Assert.Equal(["alice@ubuntu.com", "bob@ubuntu.com", "carol@ubuntu.com", "press@ubuntu.com"], await AddressesAsync(new AliasQuery(Search: "buntu.com")));
        Assert.Equal(["alice@ubuntu.com"], await AddressesAsync(new AliasQuery(Search: "al")));
        Assert.Equal(["press@ubuntu.com"], await AddressesAsync(new AliasQuery(Search: "press@")));
        Assert.Empty(await AddressesAsync(new AliasQuery(Search: "carol@kubuntu")));
        Assert.Equal(["alice@ubuntu.com", "press@ubuntu.com"], await AddressesAsync(new AliasQuery(State: AliasState.Active)));
        Assert.Equal(["bob@ubuntu.com"], await AddressesAsync(new AliasQuery(State: AliasState.PendingRemoval)));
        Assert.Equal(["carol@ubuntu.com"], await AddressesAsync(new AliasQuery(State: AliasState.Disabled)));
        Assert.Equal(["press@ubuntu.com"], await AddressesAsync(new AliasQuery(Origin: AliasOrigin.Manual)));
        Assert.Empty(await AddressesAsync(new AliasQuery(DomainId: await DomainIdAsync(host, "kubuntu.org"))));
        Assert.Equal(["carol@ubuntu.com", "bob@ubuntu.com", "alice@ubuntu.com", "press@ubuntu.com"],
            await AddressesAsync(new AliasQuery(Sort: AliasSort.Owner, Descending: true)));
        Assert.Equal(["bob@ubuntu.com"], await AddressesAsync(new AliasQuery(Page: 1, PageSize: 1)));
        Assert.Equal(["carol@ubuntu.com"], await AddressesAsync(new AliasQuery(Page: 2, PageSize: 1)));
        // LIKE wildcards typed in the search are literal.
        Assert.Empty(await AddressesAsync(new AliasQuery(Search: "%")));
        Assert.Empty(await AddressesAsync(new AliasQuery(Search: "_lice")));

        var huge = await ConsoleAsync(host, c => c.ListAliasesAsync(admin, new AliasQuery(Search: new string('a', 10_000)), CancellationToken.None));
        Assert.Equal((AliasQueryProblem.SearchTooLong, 0), (huge!.Problem, huge.Rows.Count));
        var exported = await host.WithServiceAsync<AliasAdministration, int>(async s =>
            await s.ExportAsync(new AliasQuery(Search: new string('a', 10_000)), CancellationToken.None).CountAsync());
        Assert.Equal(0, exported);
    }
}
