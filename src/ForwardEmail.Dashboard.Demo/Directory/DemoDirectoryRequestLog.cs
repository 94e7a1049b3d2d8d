namespace ForwardEmail.Dashboard.Demo.Directory;

/// <summary>One request the demo directory received (path and query as sent).</summary>
public sealed record DemoDirectoryRequest(string Path, DateTimeOffset ReceivedAt);

/// <summary>What the demo directory was asked, for tests to count. Thread-safe.</summary>
public sealed class DemoDirectoryRequestLog
{
    private readonly Lock _gate = new();
    private readonly List<DemoDirectoryRequest> _requests = [];
    private int _inFlight;
    private int _maxConcurrent;

    public int Count
    {
        get { lock (_gate) { return _requests.Count; } }
    }

    /// <summary>Path and query of each request, in arrival order, e.g. <c>/1.0/~team/participants?ws.size=2</c>.</summary>
    public IReadOnlyList<string> Paths
    {
        get { lock (_gate) { return [.. _requests.Select(r => r.Path)]; } }
    }

    public IReadOnlyList<DemoDirectoryRequest> Requests
    {
        get { lock (_gate) { return [.. _requests]; } }
    }

    /// <summary>The most requests that were being served at the same time since the last <see cref="Reset"/>.</summary>
    public int MaxConcurrentRequests
    {
        get { lock (_gate) { return _maxConcurrent; } }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _requests.Clear();
            _maxConcurrent = _inFlight;
        }
    }

    internal IDisposable Begin(string path, DateTimeOffset receivedAt)
    {
        lock (_gate)
        {
            _requests.Add(new DemoDirectoryRequest(path, receivedAt));
            _inFlight++;
            _maxConcurrent = Math.Max(_maxConcurrent, _inFlight);
        }

        return new InFlight(this);
    }

    private void End()
    {
        lock (_gate)
        {
            _inFlight--;
        }
    }

    private sealed class InFlight(DemoDirectoryRequestLog log) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                log.End();
            }
        }
    }
}
