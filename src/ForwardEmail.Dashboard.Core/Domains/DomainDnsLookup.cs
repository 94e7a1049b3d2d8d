using DnsClient;
using DnsClient.Protocol;
using Microsoft.Extensions.Options;

namespace ForwardEmail.Dashboard.Core.Domains;

/// <summary>What a domain publishes that the dashboard reads: apex TXT records, MX hosts and the DMARC policy's TXT.</summary>
public sealed record DomainDnsRecords(IReadOnlyList<string> ApexTxt, IReadOnlyList<string> MxHosts, IReadOnlyList<string> DmarcTxt);

/// <summary>Real DNS queries for one domain.</summary>
public interface IDomainDnsLookup
{
    /// <summary>The records; a name that does not exist has none. Throws <see cref="DnsCheckFailedException"/> when DNS gave no usable answer.</summary>
    Task<DomainDnsRecords> LookupAsync(string domain, CancellationToken cancellationToken);
}

/// <summary>No answer (timeout), or a server failure: nothing can be concluded about the records.</summary>
public sealed class DnsCheckFailedException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>DnsClient.NET against the configured name servers (or the machine's resolvers), no cache, TCP on truncation.</summary>
public sealed class DnsClientDomainLookup : IDomainDnsLookup
{
    private readonly LookupClient _client;

    public DnsClientDomainLookup(IOptions<DnsOptions> options)
    {
        var settings = options.Value;
        var servers = settings.NameServers.Select(s => DnsNameServer.TryParse(s, out var endpoint) ? endpoint : null).OfType<System.Net.IPEndPoint>().ToArray();
        var lookup = servers.Length == 0 ? new LookupClientOptions() : new LookupClientOptions(servers);
        lookup.Timeout = settings.Timeout;
        lookup.Retries = settings.Retries;

        // Every check must see what the domain publishes now: an admin who just added the record clicks "check now".
        lookup.UseCache = false;
        lookup.UseTcpFallback = true;
        lookup.ThrowDnsErrors = false;
        lookup.ContinueOnDnsError = true;
        lookup.ContinueOnEmptyResponse = false;
        _client = new LookupClient(lookup);
    }

    public async Task<DomainDnsRecords> LookupAsync(string domain, CancellationToken cancellationToken)
    {
        var apex = await QueryAsync(domain, QueryType.TXT, cancellationToken);
        var mx = await QueryAsync(domain, QueryType.MX, cancellationToken);
        var dmarc = await QueryAsync("_dmarc." + domain, QueryType.TXT, cancellationToken);
        return new DomainDnsRecords(
            Texts(apex),
            [.. mx.Answers.MxRecords().OrderBy(r => r.Preference).Select(r => DomainName.Fold(r.Exchange.Value))],
            Texts(dmarc));
    }

    // A TXT record may be split into several strings; they form one value (RFC 7208 section 3.3).
    private static List<string> Texts(IDnsQueryResponse response) =>
        [.. response.Answers.TxtRecords().Select(r => string.Concat(r.Text))];

    private async Task<IDnsQueryResponse> QueryAsync(string name, QueryType type, CancellationToken cancellationToken)
    {
        IDnsQueryResponse response;
        try
        {
            response = await _client.QueryAsync(name, type, QueryClass.IN, cancellationToken);
        }
        catch (DnsResponseException ex)
        {
            throw new DnsCheckFailedException($"No answer for {type} {name}: {ex.Message}", ex);
        }

        // NXDOMAIN and an empty answer mean "no such record", which is an answer; anything else (SERVFAIL, REFUSED) is not.
        if (response.HasError && response.Header.ResponseCode != DnsHeaderResponseCode.NotExistentDomain)
        {
            throw new DnsCheckFailedException($"The name server answered {response.Header.ResponseCode} for {type} {name}.");
        }

        return response;
    }
}
