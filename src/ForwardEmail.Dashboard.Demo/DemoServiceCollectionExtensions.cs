using ForwardEmail.Dashboard.Core.Configuration;
using ForwardEmail.Dashboard.Core.Directory;
using ForwardEmail.Dashboard.Demo.Directory;
using ForwardEmail.Dashboard.Demo.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ForwardEmail.Dashboard.Demo;

public static class DemoServiceCollectionExtensions
{
    /// <summary>Registers demo mode when <c>Demo:Enabled</c> is true; with it off, nothing of the demo exists in the app.</summary>
    public static IHostApplicationBuilder AddDemo(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<DemoOptions>(DemoOptions.SectionName)
            .Validate<IHostEnvironment>(
                (demo, environment) => !demo.Enabled || demo.AllowOutsideDevelopment || environment.IsDevelopment(),
                $"Configuration key '{DemoOptions.SectionName}:{nameof(DemoOptions.Enabled)}' is invalid: demo mode lets anyone sign in as any persona " +
                $"and is refused outside the Development environment unless '{DemoOptions.SectionName}:{nameof(DemoOptions.AllowOutsideDevelopment)}' is also true.");
        if (!IsDemoEnabled(builder.Configuration))
        {
            return builder;
        }

        builder.Services.AddHostedService<DemoDataSeeder>();
        builder.AddDemoIdentity();
        builder.AddDemoDirectory();

        // The directory client reads the in-app demo directory unless a base URL is configured explicitly.
        if (string.IsNullOrEmpty(builder.Configuration[$"{LaunchpadOptions.SectionName}:{nameof(LaunchpadOptions.BaseUrl)}"]))
        {
            builder.Services.AddOptions<LaunchpadOptions>().PostConfigure<IOptions<DemoOptions>>((launchpad, demo) =>
                launchpad.BaseUrl = DemoDirectoryBaseUrl(demo.Value));
        }

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
        // Bound here rather than read through IOptions, whose validation (demo mode outside Development) must fail at
        // start-up with the other configuration errors, not while the pipeline is built.
        var demo = configuration.GetSection(DemoOptions.SectionName).Get<DemoOptions>() ?? new DemoOptions();
        endpoints.MapDemoDirectory(demo.DirectoryPath);
        return endpoints;
    }

    /// <summary>The demo directory's API root inside this app, e.g. <c>http://localhost:5000/demo/launchpad/1.0/</c>.</summary>
    public static Uri DemoDirectoryBaseUrl(DemoOptions demo) =>
        new(new Uri(demo.IdentityIssuer), demo.DirectoryPath.Trim('/') + "/");

    public static bool IsDemoEnabled(IConfiguration configuration) =>
        configuration.GetValue<bool>($"{DemoOptions.SectionName}:{nameof(DemoOptions.Enabled)}");
}
