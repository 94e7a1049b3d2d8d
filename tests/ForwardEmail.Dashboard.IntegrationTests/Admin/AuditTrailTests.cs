using ForwardEmail.Dashboard.Core.Admin;
using ForwardEmail.Dashboard.Core.Audit;
using ForwardEmail.Dashboard.Core.Domain;
using ForwardEmail.Dashboard.IntegrationTests.Infrastructure;
using ForwardEmail.Dashboard.Web.Features.Admin;

namespace ForwardEmail.Dashboard.IntegrationTests.Admin;

public sealed class AuditTrailTests
{
    [Fact]
    public async Task The_trail_is_filtered_by_actor_action_target_and_date_and_paged_in_the_database()
    {
        await using var host = await AliasAdministrationTests.StartAsync();
        var support = await AliasAdministrationTests.SupportPersonAsync(host);
        var day = ProvisioningTestHost.Start;
        await host.WithDbAsync(async db =>
        {
            db.AuditEntries.AddRange(
                AuditLog.Create("system:reconciliation", AuditActions.AliasCreated, AuditLog.AliasTarget, "jdoe@ubuntu.com", null, new { isEnabled = true }, day),
                AuditLog.Create("system:reconciliation", AuditActions.AliasDisabled, AuditLog.AliasTarget, "jdoe@ubuntu.com", new { isEnabled = true }, new { isEnabled = false }, day.AddDays(1)),
                AuditLog.Create("ada-admin", AuditActions.AliasManualCreated, AuditLog.AliasTarget, "press@ubuntu.com", null, new { isEnabled = true }, day.AddDays(2)),
                AuditLog.Create("ada-admin", AuditActions.ContributorBanned, AuditLog.ContributorTarget, "7", new { isBanned = false }, new { isBanned = true }, day.AddDays(3)));
            await db.SaveChangesAsync();
        });

        async Task<List<string>> ActionsAsync(AuditQuery query) =>
            [.. (await host.WithServiceAsync<AdminConsole, AuditEntriesPage?>(c => c.AuditAsync(support, query, CancellationToken.None)))!.Rows.Select(r => r.Action)];

        Assert.Equal(["contributor.banned", "alias.manual-created", "alias.disabled", "alias.created"], await ActionsAsync(new AuditQuery()));
        Assert.Equal(["alias.disabled", "alias.created"], await ActionsAsync(new AuditQuery(Actor: "system:*")));
        Assert.Empty(await ActionsAsync(new AuditQuery(Actor: "system")));
        Assert.Equal(["alias.manual-created", "alias.disabled", "alias.created"], await ActionsAsync(new AuditQuery(Action: "alias.*")));
        Assert.Equal(["contributor.banned"], await ActionsAsync(new AuditQuery(Action: "contributor.banned")));
        Assert.Equal(["alias.disabled", "alias.created"], await ActionsAsync(new AuditQuery(Target: "jdoe@")));
        Assert.Equal(["alias.manual-created", "alias.disabled"], await ActionsAsync(new AuditQuery(From: day.AddDays(1), To: day.AddDays(3))));
        Assert.Equal(["alias.manual-created"], await ActionsAsync(new AuditQuery(Page: 1, PageSize: 1)));

        var huge = await host.WithServiceAsync<AdminConsole, AuditEntriesPage?>(c => c.AuditAsync(support, new AuditQuery(Target: new string('t', 10_000)), CancellationToken.None));
        Assert.Equal(AliasQueryProblem.SearchTooLong, huge!.Problem);
        Assert.Null(await host.WithServiceAsync<AdminConsole, AuditEntriesPage?>(c => c.AuditAsync(AliasAdministrationTests.Person("nobody"), new AuditQuery(), CancellationToken.None)));
    }
}
