using System.Data.Common;
using ForwardEmail.Dashboard.Core.Data;
using ForwardEmail.Dashboard.Core.Errors;
using ForwardEmail.Dashboard.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ForwardEmail.Dashboard.IntegrationTests.Provisioning;

/// <summary>
/// SQL Server runs with <c>EnableRetryOnFailure</c>, under which EF Core refuses a transaction the caller opened outside the
/// execution strategy. The same conditions on SQLite: a strategy that retries, and a commit that fails once with a transient
/// error, so each unit of work must run inside the strategy and re-run cleanly (no duplicate rows, no second email).
/// </summary>
public sealed class RetryingExecutionStrategyTests
{
    [Fact]
    public async Task Provisioning_runs_inside_a_retrying_strategy_and_a_failed_commit_reruns_without_duplicates()
    {
        var commits = new FlakyCommits();
        await using var host = await StartAsync(commits, d =>
        {
            d.AddPerson("amira-h");
            d.AddToTeam("amira-h", "ubuntumembers");
            d.AddToTeam("amira-h", "kubuntu-members");
        });
        var id = await host.AddContributorAsync("amira-h", "amira@example.org");
        commits.FailNext = 1;

        var result = await host.ProvisionAsync(id);

        Assert.Null(result.Error);
        Assert.Equal(1, commits.Failed);
        Assert.Equal(["ubuntu.com", "kubuntu.org"], (await host.AliasesAsync()).Select(a => a.Domain!.Name).Order().Reverse().ToList());
        Assert.Equal(["admins@kubuntu.org", "admins@ubuntu.com"], (await host.OutboxAsync()).Select(m => m.To).Order().ToList());
        Assert.Equal(2, (await host.AuditAsync()).Count(a => a.Action == "alias.created"));
    }

    [Fact]
    public async Task The_error_log_runs_inside_a_retrying_strategy_and_a_failed_commit_counts_once()
    {
        var commits = new FlakyCommits();
        await using var host = await StartAsync(commits);
        var report = new ErrorReport(ProvisioningErrorKind.AccountNotValid, "account-valid", "not valid", "subject:s1", Username: "someone");

        commits.FailNext = 1;
        var first = await host.WithServiceAsync<ErrorLogService, ErrorRecordResult>(s => s.RecordAsync(report, CancellationToken.None));
        commits.FailNext = 1;
        var second = await host.WithServiceAsync<ErrorLogService, ErrorRecordResult>(s => s.RecordAsync(report, CancellationToken.None));

        Assert.Equal(2, commits.Failed);
        Assert.Equal((1, true), (first.Count, first.TeamNotified));
        Assert.Equal((2, false), (second.Count, second.TeamNotified));
        Assert.Equal(2, Assert.Single(await host.ErrorLogAsync()).Count);
        Assert.Equal(ProvisioningTestHost.TeamAddress, Assert.Single(await host.OutboxAsync()).To);
    }

    [Fact]
    public async Task A_reconciliation_runs_under_a_retrying_strategy()
    {
        var commits = new FlakyCommits();
        await using var host = await StartAsync(commits, d =>
        {
            d.AddPerson("amira-h");
            d.AddToTeam("amira-h", "ubuntumembers");
        });
        await host.AddContributorAsync("amira-h", "amira@example.org");
        await host.AddContributorAsync("nosuchuser", "n@example.org");
        commits.FailNext = 2;

        var stats = await host.ReconcileAsync();

        Assert.Equal((2, 1, 1), (stats.ContributorsProcessed, stats.Created, stats.Errors));
        Assert.Equal(2, commits.Failed);
        Assert.Single(await host.AliasesAsync());
        Assert.Equal("account-not-found", Assert.Single(await host.ErrorLogAsync()).Kind);
        Assert.Equal(2, (await host.OutboxAsync()).Count);
    }

    private static Task<ProvisioningTestHost> StartAsync(FlakyCommits commits, Action<Demo.Directory.DemoDirectoryData>? directory = null) =>
        ProvisioningTestHost.StartAsync(directory, services: services =>
            services.ConfigureDbContext<DashboardDbContext>((_, options) => options
                .UseSqlite(sqlite => sqlite.ExecutionStrategy(dependencies => new RetryingTestStrategy(dependencies)))
                .AddInterceptors(commits)));

    private sealed class TransientTestException() : DbException("Injected transient failure.");

    /// <summary>Retries <see cref="TransientTestException"/> at once, up to three times; like SQL Server's strategy, it cannot run user transactions opened outside it.</summary>
    private sealed class RetryingTestStrategy(ExecutionStrategyDependencies dependencies) : ExecutionStrategy(dependencies, 3, TimeSpan.Zero)
    {
        protected override bool ShouldRetryOn(Exception exception) => exception is TransientTestException;

        protected override TimeSpan? GetNextDelay(Exception lastException) => base.GetNextDelay(lastException) is null ? null : TimeSpan.Zero;
    }

    /// <summary>Fails the next <see cref="FailNext"/> commits with a transient error before they reach the database (so they roll back).</summary>
    private sealed class FlakyCommits : DbTransactionInterceptor
    {
        private int _failNext;
        private int _failed;

        public int FailNext
        {
            get => Volatile.Read(ref _failNext);
            set => Volatile.Write(ref _failNext, value);
        }

        public int Failed => Volatile.Read(ref _failed);

        public override ValueTask<InterceptionResult> TransactionCommittingAsync(
            DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
        {
            if (TryTake())
            {
                throw new TransientTestException();
            }

            return base.TransactionCommittingAsync(transaction, eventData, result, cancellationToken);
        }

        public override InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
        {
            if (TryTake())
            {
                throw new TransientTestException();
            }

            return base.TransactionCommitting(transaction, eventData, result);
        }

        private bool TryTake()
        {
            while (true)
            {
                var remaining = FailNext;
                if (remaining <= 0)
                {
                    return false;
                }

                if (Interlocked.CompareExchange(ref _failNext, remaining - 1, remaining) == remaining)
                {
                    Interlocked.Increment(ref _failed);
                    return true;
                }
            }
        }
    }
}
