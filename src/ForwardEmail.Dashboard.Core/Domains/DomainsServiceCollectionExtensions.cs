using ForwardEmail.Dashboard.Core.Configuration;
using ForwardEmail.Dashboard.Core.Live;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace ForwardEmail.Dashboard.Core.Domains;

public static class DomainsServiceCollectionExtensions
{
    /// <summary>DNS checks of domain ownership and mail records (on demand and for the scheduled re-check).</summary>
    public static IHostApplicationBuilder AddDomainChecks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<DnsOptions>(DnsOptions.SectionName);
        builder.Services.AddSingleton<IDomainDnsLookup, DnsClientDomainLookup>();
        builder.Services.AddSingleton<DomainCheckService>();
        builder.Services.TryAddSingleton<IDashboardChangeNotifier, NoDashboardChangeNotifier>();
        return builder;
    }
}
