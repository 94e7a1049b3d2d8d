using ForwardEmail.Dashboard.Core.Jobs;
using ForwardEmail.Dashboard.IntegrationTests.Infrastructure;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ForwardEmail.Dashboard.IntegrationTests.Jobs;

[Collection(HangfireCollection.Name)]
public sealed class RecurringJobsTests
{
    [Fact]
    public void Startup_RegistersEachRecurringJob_WithItsConfiguredSchedule()
    {
        using var app = new DashboardAppFactory(new Dictionary<string, string?>
        {
            ["Jobs:Schedule:Reconciliation"] = "15 4 * * *",
            ["Jobs:Schedule:OutboxDispatch"] = "*/2 * * * *",
            ["Jobs:Schedule:ProvisioningRetry"] = "0 */10 * * * *",
            ["Jobs:Schedule:DnsRecheck"] = "5 */3 * * *",
        });
        using var client = app.CreateClient();

        using var connection = app.Services.GetRequiredService<JobStorage>().GetConnection();
        var jobs = connection.GetRecurringJobs().ToDictionary(j => j.Id, j => (j.Cron, j.Job.Type, j.TimeZoneId));

        Assert.Equal(new Dictionary<string, (string, Type, string)>
        {
            ["reconciliation"] = ("15 4 * * *", typeof(ReconciliationJob), "UTC"),
            ["outbox-dispatch"] = ("*/2 * * * *", typeof(OutboxDispatchJob), "UTC"),
            ["provisioning-retry"] = ("0 */10 * * * *", typeof(ProvisioningRetryJob), "UTC"),
            ["dns-recheck"] = ("5 */3 * * *", typeof(DnsRecheckJob), "UTC"),
        }, jobs);
    }

    [Theory]
    [InlineData("30 2 * * *", true)]
    [InlineData("0 */10 * * * *", true)]
    [InlineData("@daily", true)]
    [InlineData("every night", false)]
    [InlineData("61 * * * *", false)]
    [InlineData("", false)]
    public void CronExpression_AcceptsWhatHangfireAccepts(string cron, bool valid)
    {
        Assert.Equal(valid, new CronExpressionAttribute().IsValid(cron));
    }
}
