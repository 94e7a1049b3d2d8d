using ForwardEmail.Dashboard.Core.Errors;
using ForwardEmail.Dashboard.Core.Domain;
using ForwardEmail.Dashboard.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ForwardEmail.Dashboard.IntegrationTests.Provisioning;

public sealed class ErrorLogTests
{
    [Fact]
    public async Task The_team_email_dedupe_survives_a_restart()
    {
        await using var host = await ProvisioningTestHost.StartAsync();
        var id = await host.AddContributorAsync("nosuchuser", "n@example.org", subject: "sub-ghost");
        await host.ProvisionAsync(id);
        Assert.Single(await host.OutboxAsync());

        await host.RestartAsync();
        host.Advance(TimeSpan.FromHours(3));
        var result = await host.ProvisionAsync(id);

        Assert.Equal(ProvisioningErrorKind.AccountNotFound, result.Error!.Kind);
        var entry = Assert.Single(await host.ErrorLogAsync());
        Assert.Equal((2, ProvisioningTestHost.Start, ProvisioningTestHost.Start.AddHours(3)), (entry.Count, entry.LastTeamNotifiedAt!.Value, entry.LastSeenAt));
        Assert.Single(await host.OutboxAsync());
    }

    [Fact]
    public async Task Different_kinds_for_the_same_user_are_separate_groups()
    {
        await using var host = await ProvisioningTestHost.StartAsync();
        var service = (Func<ErrorReport, Task<ErrorRecordResult>>)(report =>
            host.WithServiceAsync<ErrorLogService, ErrorRecordResult>(s => s.RecordAsync(report, CancellationToken.None)));

        var a = await service(new ErrorReport(ProvisioningErrorKind.AccountNotValid, "account-valid", "one", "subject:s1"));
        var b = await service(new ErrorReport(ProvisioningErrorKind.CocNotSigned, "code-of-conduct", "two", "subject:s1"));
        var c = await service(new ErrorReport(ProvisioningErrorKind.AccountNotValid, "account-valid", "three", "subject:s1"));

        Assert.NotEqual(a.EntryId, b.EntryId);
        Assert.Equal((a.EntryId, 2, false), (c.EntryId, c.Count, c.TeamNotified));
        Assert.Equal(2, (await host.ErrorLogAsync()).Count);
        Assert.Equal("three", (await host.ErrorLogAsync())[0].Message);
        Assert.Equal(2, (await host.OutboxAsync()).Count);
    }

    [Theory]
    [InlineData(ErrorStatus.Resolved, ErrorStatus.Open)]
    [InlineData(ErrorStatus.Acknowledged, ErrorStatus.Acknowledged)]
    public async Task A_repeat_reopens_a_resolved_group_but_keeps_an_acknowledged_one(ErrorStatus before, ErrorStatus after)
    {
        await using var host = await ProvisioningTestHost.StartAsync();
        var report = new ErrorReport(ProvisioningErrorKind.AccountNotValid, "account-valid", "not valid", "subject:s1");
        await host.WithServiceAsync<ErrorLogService, ErrorRecordResult>(s => s.RecordAsync(report, CancellationToken.None));
        await host.WithDbAsync(db => db.ErrorLog.ExecuteUpdateAsync(set => set.SetProperty(e => e.Status, before)));

        await host.WithServiceAsync<ErrorLogService, ErrorRecordResult>(s => s.RecordAsync(report, CancellationToken.None));

        var entry = Assert.Single(await host.ErrorLogAsync());
        Assert.Equal((2, after), (entry.Count, entry.Status));
    }
}
