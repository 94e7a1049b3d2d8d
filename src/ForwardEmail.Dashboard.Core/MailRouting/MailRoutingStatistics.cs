using System.Diagnostics.Metrics;

namespace ForwardEmail.Dashboard.Core.MailRouting;

/// <summary>How a lookup was answered; the tag of the <c>mail_routing.lookups</c> counter.</summary>
public enum LookupOutcome
{
    /// <summary>An enabled alias (or one of our domains in the <c>domains</c> map): <c>OK</c>.</summary>
    Hit,
    /// <summary>An address of one of our domains with no enabled alias: <c>NOTFOUND</c>, Postfix rejects it.</summary>
    Miss,
    /// <summary>Not one of our domains (or no address at all): <c>NOTFOUND</c>, none of our business.</summary>
    Foreign,
    /// <summary>The database did not answer and a last-known answer was given instead.</summary>
    Stale,
    /// <summary>The database did not answer and nothing was known: <c>TEMP</c>, Postfix defers.</summary>
    Temp,
}

/// <summary>
/// Lookup counts for <c>/healthz</c> and the same as a System.Diagnostics.Metrics counter (meter
/// <c>ForwardEmail.Dashboard.MailRouting</c>) for whatever collects metrics; plus where the server listens.
/// </summary>
public sealed class MailRoutingStatistics
{
    public const string MeterName = "ForwardEmail.Dashboard.MailRouting";

    private readonly long[] _lookups = new long[Enum.GetValues<LookupOutcome>().Length];
    private readonly Counter<long> _lookupCounter;
    private readonly Counter<long> _protocolErrorCounter;
    private long _protocolErrors;
    private long _connections;

    public MailRoutingStatistics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _lookupCounter = meter.CreateCounter<long>("mail_routing.lookups", description: "Socketmap lookups by outcome");
        _protocolErrorCounter = meter.CreateCounter<long>("mail_routing.protocol_errors", description: "Connections closed for a malformed request");
        meter.CreateObservableGauge("mail_routing.connections", () => Interlocked.Read(ref _connections), description: "Open socketmap connections");
    }

    /// <summary>Where the server listens (<c>127.0.0.1:10027</c> or a socket path); null until it does.</summary>
    public string? Endpoint { get; internal set; }

    public long OpenConnections => Interlocked.Read(ref _connections);
    public long ProtocolErrors => Interlocked.Read(ref _protocolErrors);

    public long Count(LookupOutcome outcome) => Interlocked.Read(ref _lookups[(int)outcome]);

    internal void Record(LookupOutcome outcome)
    {
        Interlocked.Increment(ref _lookups[(int)outcome]);
        _lookupCounter.Add(1, new KeyValuePair<string, object?>("outcome", outcome.ToString().ToLowerInvariant()));
    }

    internal void RecordProtocolError()
    {
        Interlocked.Increment(ref _protocolErrors);
        _protocolErrorCounter.Add(1);
    }

    internal void ConnectionOpened() => Interlocked.Increment(ref _connections);
    internal void ConnectionClosed() => Interlocked.Decrement(ref _connections);

    public override string ToString() =>
        $"{Count(LookupOutcome.Hit)} hits, {Count(LookupOutcome.Miss)} misses, {Count(LookupOutcome.Foreign)} foreign, " +
        $"{Count(LookupOutcome.Stale)} last-known, {Count(LookupOutcome.Temp)} temp, {ProtocolErrors} protocol errors, {OpenConnections} open connections";
}
