using ForwardEmail.Dashboard.Core.Live;

namespace ForwardEmail.Dashboard.Web.Features.Domains;

/// <summary>
/// This instance's side of <see cref="IDashboardChangeNotifier"/>: every circuit (browser tab) of the process
/// subscribes and re-reads what it shows. Handlers run on the raising thread and must hand off to their circuit.
/// </summary>
public sealed class DashboardChanges : IDashboardChangeNotifier
{
    public event Action<int>? DomainChangedEvent;

    public void DomainChanged(int domainId) => DomainChangedEvent?.Invoke(domainId);
}
