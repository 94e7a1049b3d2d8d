namespace ForwardEmail.Dashboard.Core.Live;

/// <summary>
/// Raised by Core services after a change commits, so pages open elsewhere can refresh. The web host implements it for
/// its own circuits; several instances would implement it over a shared backplane. Only ids travel: each page re-reads
/// what it shows, with its own viewer's permissions.
/// </summary>
public interface IDashboardChangeNotifier
{
    void DomainChanged(int domainId);
}

/// <summary>For hosts without live pages (tests, the benchmark, a jobs-only instance).</summary>
public sealed class NoDashboardChangeNotifier : IDashboardChangeNotifier
{
    public void DomainChanged(int domainId)
    {
    }
}
