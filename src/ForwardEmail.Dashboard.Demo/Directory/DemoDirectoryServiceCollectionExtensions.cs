using ForwardEmail.Dashboard.Core.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ForwardEmail.Dashboard.Demo.Directory;

public static class DemoDirectoryServiceCollectionExtensions
{
    /// <summary>The teams synthetic people join: those the default domain mapping uses (PRODUCT.md section 2).</summary>
    public static readonly IReadOnlyList<string> SyntheticTeams =
        ["ubuntumembers", "kubuntu-members", "lubuntu-members", "edubuntu-members", "ubuntustudio-core", "ubuntu-smtp-test"];

    /// <summary>
    /// Registers the demo directory's data (the personas plus <see cref="DemoDirectoryOptions.SyntheticPeople"/>),
    /// faults and request log as singletons, for <c>app.MapDemoDirectory(prefix)</c>.
    /// </summary>
    public static IHostApplicationBuilder AddDemoDirectory(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<DemoDirectoryOptions>(DemoDirectoryOptions.SectionName);
        builder.Services.AddSingleton(provider =>
        {
            var data = DemoDirectoryData.LoadPersonas();
            data.AddSyntheticPeople(provider.GetRequiredService<IOptions<DemoDirectoryOptions>>().Value.SyntheticPeople, SyntheticTeams);
            return data;
        });
        builder.Services.AddSingleton(provider => new DemoDirectoryFaults
        {
            Latency = provider.GetRequiredService<IOptions<DemoDirectoryOptions>>().Value.Latency,
        });
        builder.Services.AddSingleton<DemoDirectoryRequestLog>();
        return builder;
    }
}
