using Bunit;
using ForwardEmail.Dashboard.Core.Audit;
using ForwardEmail.Dashboard.Core.Domain;
using ForwardEmail.Dashboard.Web.Features.Admin.Audit;

namespace ForwardEmail.Dashboard.Web.Tests.Features.Admin;

public sealed class AuditPageTests : AdminConsoleTestContext
{
    private async Task SeedAsync()
    {
        await using var db = CreateDb();
        db.AuditEntries.AddRange(
            AuditLog.Create("system:reconciliation", AuditActions.AliasDisabled, AuditLog.AliasTarget, "jdoe@ubuntu.com",
                new { address = "jdoe@ubuntu.com", isEnabled = true, disabledReason = (string?)null }, new { address = "jdoe@ubuntu.com", isEnabled = false, disabledReason = "left-team" }, Now),
            AuditLog.Create("ada-admin", AuditActions.AliasManualCreated, AuditLog.AliasTarget, "press@ubuntu.com", null,
                new { recipients = new[] { "a@example.org", "b@example.org" } }, Now.AddDays(1)));
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task Shows_what_changed_and_filters_by_actor_action_target_and_date()
    {
        await SignInAsAsync("sam-support", DashboardRole.Support);
        await SeedAsync();

        var page = Render<AuditPage>();
        page.WaitForAssertion(() => Assert.Equal(["alias.manual-created", "alias.disabled"], page.FindAll("[data-testid=audit-row]").Select(r => r.GetAttribute("data-action"))));
        var disabled = page.Find("[data-action='alias.disabled']");
        // Only the fields that changed, each as before → after.
        Assert.Equal(["isEnabled: true → false", "disabledReason: (none) → left-team"], disabled.QuerySelectorAll("[data-testid=audit-field]").Select(f => f.TextContent));
        Assert.Equal("recipients: (none) → a@example.org, b@example.org", page.Find("[data-action='alias.manual-created'] [data-testid=audit-field]").TextContent);

        await page.Find("[data-testid=filter-actor]").ChangeAsync(new() { Value = "system:*" });
        page.WaitForAssertion(() => Assert.Equal("alias.disabled", Assert.Single(page.FindAll("[data-testid=audit-row]")).GetAttribute("data-action")));
        await page.Find("[data-testid=filter-actor]").ChangeAsync(new() { Value = "" });
        await page.Find("[data-testid=filter-target]").ChangeAsync(new() { Value = "press" });
        page.WaitForAssertion(() => Assert.Equal("alias.manual-created", Assert.Single(page.FindAll("[data-testid=audit-row]")).GetAttribute("data-action")));
        await page.Find("[data-testid=filter-action]").ChangeAsync(new() { Value = "alias.disabled" });
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=no-entries]")));

        await page.Find("[data-testid=filter-from]").ChangeAsync(new() { Value = "not a date" });
        page.WaitForAssertion(() => Assert.Equal("Enter dates as year-month-day.", page.Find("[data-testid=filter-message]").TextContent));
        await page.Find("[data-testid=filter-action]").ChangeAsync(new() { Value = "" });
        await page.Find("[data-testid=filter-target]").ChangeAsync(new() { Value = "" });
        await page.Find("[data-testid=filter-from]").ChangeAsync(new() { Value = Now.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) });
        page.WaitForAssertion(() => Assert.Equal("alias.manual-created", Assert.Single(page.FindAll("[data-testid=audit-row]")).GetAttribute("data-action")));
        Assert.Empty(page.FindAll("[data-testid=filter-message]"));

        await page.Find("[data-testid=filter-target]").ChangeAsync(new() { Value = new string('t', 10_000) });
        page.WaitForAssertion(() => Assert.Contains("longer than 320 characters", page.Find("[data-testid=filter-message]").TextContent, StringComparison.Ordinal));
    }
}
