using ForwardEmail.Dashboard.Core.Configuration;
using ForwardEmail.Dashboard.Core.Live;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace ForwardEmail.Dashboard.Core.MailRouting;

public static class MailRoutingServiceCollectionExtensions
{
    /// <summary>
    /// The socketmap lookup service for Postfix (docs/mail-routing.md), listening only when <c>MailRouting:Enabled</c> is
    /// true. Needs <c>AddDashboardDatabase()</c>. Call it after whatever registers <see cref="IDashboardChangeNotifier"/>
    /// (the web host's live updates): it wraps that registration so alias and domain changes also clear its cache.
    /// </summary>
    public static IHostApplicationBuilder AddMailRouting(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<MailRoutingOptions>(MailRoutingOptions.SectionName);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddMetrics();
        builder.Services.TryAddSingleton<MailRoutingCache>();
        builder.Services.TryAddSingleton<MailRoutingStatistics>();
        builder.Services.TryAddSingleton<MailRoutingLookup>();
        DecorateChangeNotifier(builder.Services);

        if (builder.Configuration.GetValue<bool>($"{MailRoutingOptions.SectionName}:{nameof(MailRoutingOptions.Enabled)}"))
        {
            builder.Services.AddSingleton<SocketmapServer>();
            builder.Services.AddHostedService(services => services.GetRequiredService<SocketmapServer>());
            builder.Services.AddHealthChecks().AddCheck<MailRoutingHealthCheck>("mail-routing", HealthStatus.Unhealthy, ["ready"]);
        }

        return builder;
    }

    private static void DecorateChangeNotifier(IServiceCollection services)
    {
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(IDashboardChangeNotifier));
        if (registered?.ImplementationFactory?.Method.DeclaringType == typeof(MailRoutingServiceCollectionExtensions))
        {
            return; // Already wrapped by an earlier call.
        }

        services.RemoveAll<IDashboardChangeNotifier>();
        services.AddSingleton<IDashboardChangeNotifier>(provider =>
            new CacheInvalidatingChangeNotifier(CreateInner(provider, registered), provider.GetRequiredService<MailRoutingCache>()));
    }

    private static IDashboardChangeNotifier CreateInner(IServiceProvider provider, ServiceDescriptor? registered) => registered switch
    {
        null => new NoDashboardChangeNotifier(),
        { ImplementationInstance: IDashboardChangeNotifier instance } => instance,
        { ImplementationFactory: { } factory } => (IDashboardChangeNotifier)factory(provider),
        { ImplementationType: { } type } => (IDashboardChangeNotifier)ActivatorUtilities.CreateInstance(provider, type),
        _ => throw new InvalidOperationException("Unsupported IDashboardChangeNotifier registration."),
    };
}
