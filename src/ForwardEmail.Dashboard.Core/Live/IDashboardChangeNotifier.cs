namespace ForwardEmail.Dashboard.Core.Live;

/// <summary>
/// Raised by Core services after a change commits, so pages open elsewhere can refresh. The web host implements it for
/// its own circuits; several instances would implement it over a shared backplane, which is why a change is one small
/// serialisable record. Only ids travel: each page re-reads what it shows, with its own viewer's permissions.
/// </summary>
public interface IDashboardChangeNotifier
{
    void Publish(DashboardChange change);
}

/// <summary>What kind of thing changed; pages subscribe to the kinds they show.</summary>
public enum DashboardChangeKind
{
    Domain,
    /// <summary>One or more aliases changed; <see cref="DashboardChange.ContributorId"/> names their owner (null for manual aliases).</summary>
    Alias,
    Contributor,
    ErrorLog,
    RemovalReview,
    Job,
    Outbox,
}

/// <param name="Id">The changed row's id (or a Hangfire job id), when there is one.</param>
/// <param name="ContributorId">The contributor the change concerns, so a contributor's own page can pick out its changes.</param>
public sealed record DashboardChange(DashboardChangeKind Kind, string? Id = null, int? ContributorId = null);

public static class DashboardChangeNotifierExtensions
{
    public static void DomainChanged(this IDashboardChangeNotifier notifier, int domainId) =>
        notifier.Publish(new DashboardChange(DashboardChangeKind.Domain, domainId.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    public static void AliasesChanged(this IDashboardChangeNotifier notifier, int? contributorId, long? aliasId = null) =>
        notifier.Publish(new DashboardChange(DashboardChangeKind.Alias, aliasId?.ToString(System.Globalization.CultureInfo.InvariantCulture), contributorId));

    public static void ErrorLogChanged(this IDashboardChangeNotifier notifier, long errorId, int? contributorId) =>
        notifier.Publish(new DashboardChange(DashboardChangeKind.ErrorLog, errorId.ToString(System.Globalization.CultureInfo.InvariantCulture), contributorId));

    public static void OutboxChanged(this IDashboardChangeNotifier notifier, long messageId) =>
        notifier.Publish(new DashboardChange(DashboardChangeKind.Outbox, messageId.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    public static void JobChanged(this IDashboardChangeNotifier notifier, string jobId) =>
        notifier.Publish(new DashboardChange(DashboardChangeKind.Job, jobId));

    public static void RemovalReviewChanged(this IDashboardChangeNotifier notifier, int reviewId) =>
        notifier.Publish(new DashboardChange(DashboardChangeKind.RemovalReview, reviewId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
}

/// <summary>For hosts without live pages (tests, the benchmark, a jobs-only instance).</summary>
public sealed class NoDashboardChangeNotifier : IDashboardChangeNotifier
{
    public void Publish(DashboardChange change)
    {
    }
}
