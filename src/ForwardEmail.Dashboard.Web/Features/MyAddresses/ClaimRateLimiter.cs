using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;

namespace ForwardEmail.Dashboard.Web.Features.MyAddresses;

public sealed class SelfServiceOptions
{
    public const string SectionName = "SelfService";

    /// <summary>
    /// Shortest time between two claim runs of one contributor; a click inside it costs the directory nothing and says
    /// when to try again. Default 30 seconds; zero turns the limit off.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ClaimCooldown { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// One claim run per contributor per <see cref="SelfServiceOptions.ClaimCooldown"/>, across all their open pages in this
/// instance. Kept in memory: several instances each allow one run per cooldown, which still bounds the directory load.
/// </summary>
public sealed class ClaimRateLimiter(Microsoft.Extensions.Options.IOptions<SelfServiceOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<int, DateTimeOffset> _lastStarted = new();

    /// <summary>True and the run counted when the contributor may run now; otherwise how long until they may.</summary>
    public bool TryStart(int contributorId, out TimeSpan retryAfter)
    {
        var cooldown = options.Value.ClaimCooldown;
        var now = time.GetUtcNow();
        retryAfter = TimeSpan.Zero;
        if (cooldown <= TimeSpan.Zero)
        {
            return true;
        }

        while (true)
        {
            if (!_lastStarted.TryGetValue(contributorId, out var last))
            {
                if (_lastStarted.TryAdd(contributorId, now))
                {
                    PruneOccasionally(now, cooldown);
                    return true;
                }

                continue;
            }

            if (now - last < cooldown)
            {
                retryAfter = cooldown - (now - last);
                return false;
            }

            if (_lastStarted.TryUpdate(contributorId, now, last))
            {
                return true;
            }
        }
    }

    // Entries older than the cooldown mean nothing any more; dropping them keeps the map the size of recent activity.
    private void PruneOccasionally(DateTimeOffset now, TimeSpan cooldown)
    {
        if (_lastStarted.Count < 10_000)
        {
            return;
        }

        foreach (var (id, started) in _lastStarted)
        {
            if (now - started >= cooldown)
            {
                _lastStarted.TryRemove(new KeyValuePair<int, DateTimeOffset>(id, started));
            }
        }
    }
}
