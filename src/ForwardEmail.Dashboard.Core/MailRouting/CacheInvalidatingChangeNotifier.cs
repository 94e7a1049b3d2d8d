using ForwardEmail.Dashboard.Core.Live;

namespace ForwardEmail.Dashboard.Core.MailRouting;

/// <summary>
/// Wraps the host's <see cref="IDashboardChangeNotifier"/>: Core services publish after every commit, so an alias or
/// domain change makes the mail routing cache stale before the next lookup, then passes on to the live pages.
/// </summary>
internal sealed class CacheInvalidatingChangeNotifier(IDashboardChangeNotifier inner, MailRoutingCache cache) : IDashboardChangeNotifier
{
    public void Publish(DashboardChange change)
    {
        if (change.Kind is DashboardChangeKind.Alias or DashboardChangeKind.Domain)
        {
            cache.Invalidate();
        }

        inner.Publish(change);
    }
}
