using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ForwardEmail.Dashboard.Demo.Directory;

/// <summary>The demo directory on its own Kestrel server at <c>http://127.0.0.1:{random port}/1.0/</c>, for tests and benchmarks.</summary>
public sealed class DemoDirectoryServer : IAsyncDisposable
{
    private const string Prefix = "/1.0";
    private readonly WebApplication _app;

    private DemoDirectoryServer(WebApplication app, Uri baseUrl, DemoDirectoryData data, DemoDirectoryFaults faults, DemoDirectoryRequestLog requests)
    {
        _app = app;
        BaseUrl = baseUrl;
        Data = data;
        Faults = faults;
        Requests = requests;
    }

    /// <summary>The API root, with trailing slash, e.g. <c>http://127.0.0.1:12345/1.0/</c>.</summary>
    public Uri BaseUrl { get; }

    public DemoDirectoryData Data { get; }

    public DemoDirectoryFaults Faults { get; }

    public DemoDirectoryRequestLog Requests { get; }

    public static async Task<DemoDirectoryServer> StartAsync(DemoDirectoryData data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(DemoDirectoryServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        // Hanging requests end on ApplicationStopping; no need to wait long for them.
        builder.WebHost.UseShutdownTimeout(TimeSpan.FromSeconds(2));

        var app = builder.Build();
        var faults = new DemoDirectoryFaults();
        var requests = new DemoDirectoryRequestLog();
        app.MapDemoDirectory(Prefix, data, faults, requests);
        await app.StartAsync(cancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new DemoDirectoryServer(app, new Uri(address.TrimEnd('/') + Prefix + "/"), data, faults, requests);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
