namespace ForwardEmail.Dashboard.Web.Features.Domains;

public static class DomainsConsoleServiceCollectionExtensions
{
    /// <summary>The admin console's domain pages, their DNS checks and live updates.</summary>
    public static IHostApplicationBuilder AddDomainsConsole(this IHostApplicationBuilder builder)
    {
        Core.Domains.DomainsServiceCollectionExtensions.AddDomainChecks(builder);
        builder.Services.AddScoped<DomainAdministrationService>();
        return builder;
    }
}
