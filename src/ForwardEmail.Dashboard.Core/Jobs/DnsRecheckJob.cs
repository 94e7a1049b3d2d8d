using ForwardEmail.Dashboard.Core.Domains;

namespace ForwardEmail.Dashboard.Core.Jobs;

/// <summary>
/// Re-checks every domain in DNS. A domain DNS did not answer for keeps its state (its page says "could not check"),
/// so the run itself succeeds and is not retried; the next scheduled run asks again.
/// </summary>
public sealed class DnsRecheckJob(DomainCheckService checks) : IDashboardJob
{
    public const string JobId = "dns-recheck";

    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var results = await checks.CheckAllAsync(cancellationToken);
        return $"{results.Count} domains: {results.Count(r => r.Verification == Domain.DomainVerificationState.Verified)} verified, " +
               $"{results.Count(r => r.Verification == Domain.DomainVerificationState.Lost)} lost, {results.Count(r => !r.Checked)} could not be checked";
    }
}
