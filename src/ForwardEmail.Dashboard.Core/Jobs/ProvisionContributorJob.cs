using ForwardEmail.Dashboard.Core.Errors;

namespace ForwardEmail.Dashboard.Core.Jobs;

/// <summary>
/// "Retry now" from the support desk: provisions one person in the background, as the support person who asked
/// (<see cref="ErrorTriageService.RetryContributorAsync"/>). Enqueued by <see cref="ErrorTriageService.RetryNowAsync"/>.
/// </summary>
public sealed class ProvisionContributorJob(ErrorTriageService triage)
{
    /// <param name="cancellationToken">Hangfire replaces it with the run's own token.</param>
    public Task<string> RunAsync(int contributorId, long errorId, string actor, CancellationToken cancellationToken) =>
        triage.RetryContributorAsync(contributorId, errorId, actor, cancellationToken);
}
