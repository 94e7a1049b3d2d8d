namespace ForwardEmail.Dashboard.Demo.Directory;

/// <summary>Faults the demo directory injects, settable at runtime by tests. Thread-safe.</summary>
public sealed class DemoDirectoryFaults
{
    private readonly Lock _gate = new();
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

    /// <summary>Clears every fault.</summary>
    public void Reset()
    {
        Latency = TimeSpan.Zero;
        FailNextRequests = 0;
        FailStatusCode = 503;
        RetryAfterSeconds = null;
        Hang = false;
        RewriteJson = null;
    }

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
