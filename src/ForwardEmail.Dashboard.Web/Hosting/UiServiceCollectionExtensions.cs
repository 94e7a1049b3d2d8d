using ForwardEmail.Dashboard.Web.Localization;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

namespace ForwardEmail.Dashboard.Web.Hosting;

public static class UiServiceCollectionExtensions
{
    public static IHostApplicationBuilder AddDashboardUi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.Services.AddDashboardLocalization();
        return builder;
    }

    /// <summary>Serves the repository's <c>wwwroot-assets/</c> (logo, favicon, CSS overrides), copied beside the app at build, under <c>/assets</c>.</summary>
    public static WebApplication UseDashboardAssets(this WebApplication app)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "wwwroot-assets");
        if (Directory.Exists(folder))
        {
            app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(folder), RequestPath = "/assets" });
        }

        return app;
    }

    /// <summary>Runs the app; a configuration error stops start-up with one clear line naming the key instead of a stack trace.</summary>
    public static async Task RunWithStartupErrorsReportedAsync(this WebApplication app)
    {
        try
        {
            await app.RunAsync();
        }
        catch (Exception ex) when (ConfigurationFailures(ex) is { Count: > 0 } failures)
        {
            await Console.Error.WriteLineAsync($"Configuration error:{Environment.NewLine}{string.Join(Environment.NewLine, failures)}");
            Environment.ExitCode = 78; // EX_CONFIG
        }
    }

    /// <summary>Every option validation failure in <paramref name="exception"/> (start-up reports several options at once as an AggregateException).</summary>
    private static List<string> ConfigurationFailures(Exception exception) => exception switch
    {
        OptionsValidationException validation => [.. validation.Failures],
        AggregateException aggregate when aggregate.InnerExceptions.All(e => e is OptionsValidationException) =>
            [.. aggregate.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures)],
        _ => [],
    };
}
