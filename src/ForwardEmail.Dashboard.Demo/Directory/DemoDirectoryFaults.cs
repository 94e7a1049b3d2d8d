using System.Collections.Immutable;
using System.Text.RegularExpressions;

namespace ForwardEmail.Dashboard.Demo.Directory;

/// <summary>How a team listing's paging breaks (see <see cref="DemoDirectoryFaults.BreakPaging"/>).</summary>
public enum DemoPagingFault
{
    None,
    /// <summary>The second page's <c>next_collection_link</c> points back at the second page.</summary>
    RepeatedNextLink,
    /// <summary>The first page's <c>next_collection_link</c> points to another host.</summary>
    ForeignHostNextLink,
    /// <summary>Every page has a <c>next_collection_link</c>, past the end and for ever (empty pages, same <c>total_size</c>).</summary>
    RunawayPages,
}

/// <summary>Faults the demo directory injects, settable at runtime by tests. Thread-safe.</summary>
public sealed partial class DemoDirectoryFaults
{
    private readonly Lock _gate = new();
    private ImmutableDictionary<string, ImmutableList<(string Field, string? RawValue)>> _corruptEntries =
        ImmutableDictionary.Create<string, ImmutableList<(string Field, string? RawValue)>>(StringComparer.Ordinal);
    private ImmutableDictionary<string, DemoPagingFault> _pagingFaults = ImmutableDictionary.Create<string, DemoPagingFault>(StringComparer.Ordinal);
    private ImmutableHashSet<string> _hangingNames = ImmutableHashSet.Create<string>(StringComparer.Ordinal);
    private long _latencyTicks;
    private int _failNextRequests;
    private int _failStatusCode = 503;
    private int? _retryAfterSeconds;
    private volatile bool _hang;
    private volatile Func<string, string>? _rewriteJson;

    /// <summary>Added to every request.</summary>
    public TimeSpan Latency
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _latencyTicks));
        set => Interlocked.Exchange(ref _latencyTicks, value.Ticks);
    }

    /// <summary>The next N requests answer <see cref="FailStatusCode"/>; <see cref="int.MaxValue"/> means the directory is down.</summary>
    public int FailNextRequests
    {
        get => Volatile.Read(ref _failNextRequests);
        set => Volatile.Write(ref _failNextRequests, value);
    }

    public int FailStatusCode
    {
        get => Volatile.Read(ref _failStatusCode);
        set => Volatile.Write(ref _failStatusCode, value);
    }

    /// <summary>Sent as <c>Retry-After</c> with the failures (use with 429 or 503).</summary>
    public int? RetryAfterSeconds
    {
        get { lock (_gate) { return _retryAfterSeconds; } }
        set { lock (_gate) { _retryAfterSeconds = value; } }
    }

    /// <summary>Requests hang until the client gives up or the server stops.</summary>
    public bool Hang
    {
        get => _hang;
        set => _hang = value;
    }

    /// <summary>Applied to every JSON body before it is sent, to serve malformed payloads (e.g. without <c>is_valid</c>).</summary>
    public Func<string, string>? RewriteJson
    {
        get => _rewriteJson;
        set => _rewriteJson = value;
    }

    /// <summary>
    /// Corrupts <paramref name="name"/>'s entry wherever it is served (its own entry and every listing page it appears on):
    /// <paramref name="field"/> (e.g. <c>is_valid</c>) is removed when <paramref name="rawJsonValue"/> is null, otherwise its
    /// value is replaced by that JSON text (e.g. <c>""yes""</c>).
    /// </summary>
    public void CorruptEntry(string name, string field, string? rawJsonValue)
    {
        lock (_gate)
        {
            var key = DemoDirectoryData.Key(name);
            var list = _corruptEntries.TryGetValue(key, out var existing) ? existing : [];
            _corruptEntries = _corruptEntries.SetItem(key, list.Add((field, rawJsonValue)));
        }
    }

    /// <summary>Breaks the paging of <paramref name="team"/>'s participants (and members) listing.</summary>
    public void BreakPaging(string team, DemoPagingFault fault)
    {
        lock (_gate)
        {
            _pagingFaults = fault == DemoPagingFault.None
                ? _pagingFaults.Remove(DemoDirectoryData.Key(team))
                : _pagingFaults.SetItem(DemoDirectoryData.Key(team), fault);
        }
    }

    /// <summary>Requests for these people or teams (<c>~name</c> and their listings) hang like <see cref="Hang"/>.</summary>
    public void HangRequestsFor(params string[] names)
    {
        lock (_gate)
        {
            _hangingNames = _hangingNames.Union(names.Select(DemoDirectoryData.Key));
        }
    }

    /// <summary>Clears every fault.</summary>
    public void Reset()
    {
        Latency = TimeSpan.Zero;
        FailNextRequests = 0;
        FailStatusCode = 503;
        RetryAfterSeconds = null;
        Hang = false;
        RewriteJson = null;
        lock (_gate)
        {
            _corruptEntries = _corruptEntries.Clear();
            _pagingFaults = _pagingFaults.Clear();
            _hangingNames = _hangingNames.Clear();
        }
    }

    internal DemoPagingFault PagingFaultOf(string team) => Volatile.Read(ref _pagingFaults).GetValueOrDefault(team);

    internal bool HangsFor(string name) => Volatile.Read(ref _hangingNames).Contains(name);

    /// <summary>The entry JSON of <paramref name="name"/> with its corruptions applied (the writer's one-line format).</summary>
    internal string ApplyCorruption(string name, string entryJson)
    {
        if (!Volatile.Read(ref _corruptEntries).TryGetValue(name, out var corruptions))
        {
            return entryJson;
        }

        foreach (var (field, raw) in corruptions)
        {
            // Fields are written as "field": value followed by ", " (none of the corrupted fields is the last one).
            entryJson = FieldValue().Replace(entryJson, match => match.Groups["field"].Value != field
                ? match.Value
                : raw is null ? "" : $"\"{field}\": {raw}, ");
        }

        return entryJson;
    }

    [GeneratedRegex("\"(?<field>[a-z_]+)\": (true|false|null|-?[0-9.]+|\"(?:[^\"\\\\]|\\\\.)*\"), ", RegexOptions.CultureInvariant)]
    private static partial Regex FieldValue();

    /// <summary>Consumes one pending failure, if any.</summary>
    internal bool TryTakeFailure()
    {
        while (true)
        {
            var remaining = Volatile.Read(ref _failNextRequests);
            if (remaining <= 0)
            {
                return false;
            }

            // int.MaxValue stays: "always fail" must not run out.
            if (remaining == int.MaxValue || Interlocked.CompareExchange(ref _failNextRequests, remaining - 1, remaining) == remaining)
            {
                return true;
            }
        }
    }
}
