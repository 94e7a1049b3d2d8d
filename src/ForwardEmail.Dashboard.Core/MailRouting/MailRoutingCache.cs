using System.Collections.Concurrent;

namespace ForwardEmail.Dashboard.Core.MailRouting;

/// <summary>
/// Recent answers of <see cref="MailRoutingLookup"/> (docs/decisions/ADR-007-mail-routing-cache.md). A change does not
/// delete anything: it starts a new generation, so every older answer is stale (asked again before use) but still there
/// as the last-known answer for when the database does not respond.
/// </summary>
public sealed class MailRoutingCache(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Entry<string?>> _aliases = new(StringComparer.Ordinal);
    private Entry<IReadOnlyDictionary<string, int>>? _domains;
    private long _generation;

    /// <summary>Taken before reading the database, so an answer read while a change commits is stored as already stale.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>Everything cached is stale from now on; called after an alias or domain change commits.</summary>
    public void Invalidate() => Interlocked.Increment(ref _generation);

    /// <summary>Routable domains by folded name with their ids.</summary>
    internal Entry<IReadOnlyDictionary<string, int>>? Domains => Volatile.Read(ref _domains);

    internal void StoreDomains(IReadOnlyDictionary<string, int> domains, long generation) =>
        Volatile.Write(ref _domains, new Entry<IReadOnlyDictionary<string, int>>(domains, generation, time.GetTimestamp()));

    /// <summary>Recipients (comma-separated) by <c>local@domain</c>; a null value is a known "no enabled alias".</summary>
    internal Entry<string?>? Alias(string address) => _aliases.TryGetValue(address, out var entry) ? entry : null;

    internal void StoreAlias(string address, string? recipients, long generation, int maxEntries)
    {
        if (_aliases.Count >= maxEntries && !_aliases.ContainsKey(address))
        {
            // Rare (more distinct addresses than aliases exist); starting again is simpler than tracking age.
            _aliases.Clear();
        }

        _aliases[address] = new Entry<string?>(recipients, generation, time.GetTimestamp());
    }

    internal bool IsFresh<T>(Entry<T> entry, TimeSpan lifetime) =>
        entry.Generation == Generation && time.GetElapsedTime(entry.StoredAt) < lifetime;

    internal sealed record Entry<T>(T Value, long Generation, long StoredAt);
}
