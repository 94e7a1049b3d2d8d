using ForwardEmail.Dashboard.Core.Live;

namespace ForwardEmail.Dashboard.Web.Features.Live;

/// <summary>
/// This instance's side of <see cref="IDashboardChangeNotifier"/>: every circuit (browser tab) of the process
/// subscribes and re-reads what it shows. Handlers run on the raising thread and must hand off to their circuit
/// (<c>InvokeAsync</c>); a failing handler never reaches the service that published the change.
/// </summary>
public sealed class DashboardChanges(ILogger<DashboardChanges> logger) : IDashboardChangeNotifier
{
    public event Action<DashboardChange>? Changed;

    public void Publish(DashboardChange change)
    {
        if (Changed is not { } handlers)
        {
            return;
        }

        foreach (var handler in handlers.GetInvocationList().Cast<Action<DashboardChange>>())
        {
            try
            {
                handler(change);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "A live-update subscriber failed for {Kind} {Id}", change.Kind, change.Id);
            }
        }
    }
}
