using ForwardEmail.Dashboard.Core.Live;
using Microsoft.AspNetCore.Components;

namespace ForwardEmail.Dashboard.Web.Features.Live;

/// <summary>
/// A page that re-reads what it shows when a change it <see cref="Concerns"/> is published (by this or another browser session):
/// the re-read runs on the page's own circuit, then <see cref="Announcement"/> is set for the page's <c>aria-live="polite"</c>
/// region. Only the data is replaced: focus and whatever is being typed into the page's own fields stay as they are.
/// Changes that arrive while a re-read runs are folded into one more re-read.
/// </summary>
public abstract class LiveComponentBase : ComponentBase, IDisposable
{
    private bool _reloading;
    private bool _again;

    [Inject]
    private DashboardChanges Changes { get; set; } = default!;

    /// <summary>The text of the page's live region after the last update from elsewhere.</summary>
    protected string? Announcement { get; private set; }

    /// <summary>Whether the page shows something <paramref name="change"/> is about.</summary>
    protected abstract bool Concerns(DashboardChange change);

    /// <summary>Re-reads the page's data.</summary>
    protected abstract Task ReloadAsync();

    /// <summary>What the live region says after an update (localised by the page).</summary>
    protected abstract string UpdatedAnnouncement { get; }

    protected override void OnInitialized() => Changes.Changed += OnChanged;

    private void OnChanged(DashboardChange change)
    {
        if (Concerns(change))
        {
            _ = InvokeAsync(ReloadFromElsewhereAsync);
        }
    }

    private async Task ReloadFromElsewhereAsync()
    {
        if (_reloading)
        {
            _again = true;
            return;
        }

        _reloading = true;
        try
        {
            do
            {
                _again = false;
                await ReloadAsync();
            }
            while (_again);

            Announcement = UpdatedAnnouncement;
            StateHasChanged();
        }
        finally
        {
            _reloading = false;
        }
    }

    public virtual void Dispose()
    {
        Changes.Changed -= OnChanged;
        GC.SuppressFinalize(this);
    }
}
