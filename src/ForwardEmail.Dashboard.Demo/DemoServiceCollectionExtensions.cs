using ForwardEmail.Dashboard.Core.Configuration;
using ForwardEmail.Dashboard.Demo.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ForwardEmail.Dashboard.Demo;

public static class DemoServiceCollectionExtensions
{
    /// <summary>Registers demo mode when <c>Demo:Enabled</c> is true; with it off, nothing of the demo exists in the app.</summary>
    public static IHostApplicationBuilder AddDemo(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<DemoOptions>(DemoOptions.SectionName);
        if (!IsDemoEnabled(builder.Configuration))
        {
            return builder;
        }

        builder.Services.AddHostedService<DemoDataSeeder>();
        builder.AddDemoIdentity();
        return builder;
    }

    /// <summary>Maps the demo endpoints (directory; identity provider) when demo mode is on.</summary>
    public static IEndpointRouteBuilder MapDemo(this IEndpointRouteBuilder endpoints)
    {
        var configuration = endpoints.ServiceProvider.GetRequiredService<IConfiguration>();
        if (!IsDemoEnabled(configuration))
        {
            return endpoints;
        }

        endpoints.MapDemoIdentity();
        return endpoints;
    }

    public static bool IsDemoEnabled(IConfiguration configuration) =>
        configuration.GetValue<bool>($"{DemoOptions.SectionName}:{nameof(DemoOptions.Enabled)}");
}
