using System.ComponentModel.DataAnnotations;

namespace ForwardEmail.Dashboard.Core.Domains;

/// <summary>How domain ownership and mail records are checked in DNS.</summary>
public sealed class DnsOptions : IValidatableObject
{
    public const string SectionName = "Dns";

    /// <summary>
    /// Name servers to ask, as <c>host</c> or <c>host:port</c> (IP addresses). Empty: the machine's own resolvers.
    /// A resolver that caches answers delays a removed record by its TTL.
    /// </summary>
    public List<string> NameServers { get; set; } = [];

    /// <summary>Time limit of one query attempt. Default 5 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Further attempts after a timed-out query; 0..5. Default 1.</summary>
    [Range(0, 5)]
    public int Retries { get; set; } = 1;

    /// <summary>
    /// The MX hosts the organisation's mail setup expects on every domain (e.g. its Postfix servers); a domain whose
    /// MX records name other hosts is shown as "wrong". Empty: any MX record counts as correct.
    /// </summary>
    public List<string> ExpectedMxHosts { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var server in NameServers)
        {
            if (!DnsNameServer.TryParse(server, out _))
            {
                yield return new ValidationResult($"'{server}' is not an IP address with an optional port.", [nameof(NameServers)]);
            }
        }

        foreach (var host in ExpectedMxHosts)
        {
            if (!DomainName.TryNormalize(host, out _))
            {
                yield return new ValidationResult($"'{host}' is not a DNS host name.", [nameof(ExpectedMxHosts)]);
            }
        }
    }
}

/// <summary>A configured name server, <c>127.0.0.1</c>, <c>127.0.0.1:5353</c> or <c>[::1]:53</c>.</summary>
public static class DnsNameServer
{
    public static bool TryParse(string value, out System.Net.IPEndPoint endpoint)
    {
        if (System.Net.IPEndPoint.TryParse(value.Trim(), out var parsed))
        {
            endpoint = parsed.Port == 0 ? new System.Net.IPEndPoint(parsed.Address, 53) : parsed;
            return true;
        }

        endpoint = null!;
        return false;
    }
}
