using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using ForwardEmail.Dashboard.Demo.Directory;
using ForwardEmail.Dashboard.IntegrationTests.Infrastructure;

namespace ForwardEmail.Dashboard.IntegrationTests.Foundation;

/// <summary>/healthz: database, directory and SMTP as separate entries; a directory or SMTP outage degrades, it does not fail.</summary>
public sealed class HealthTests(SmtpSinkFixture fixture) : IClassFixture<SmtpSinkFixture>
{
    [Fact]
    public async Task Healthz_ReportsEachDependencyHealthy_WhenTheDirectoryAndSmtpAnswer()
    {
        await using var directory = await DemoDirectoryServer.StartAsync(DemoDirectoryData.Empty());

        var (status, json) = await GetHealthAsync(directory.BaseUrl.AbsoluteUri, fixture.Sink.Port);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(("Healthy", "Healthy", "Healthy", "Healthy"), (Status(json), Status(json, "database"), Status(json, "directory"), Status(json, "smtp")));
        Assert.Equal($"SMTP 127.0.0.1:{fixture.Sink.Port} (None)", json.RootElement.GetProperty("checks").GetProperty("smtp").GetProperty("description").GetString());
    }

    [Fact]
    public async Task Healthz_IsDegradedNotUnhealthy_WhenTheDirectoryAndSmtpAreDown()
    {
        var closed = ClosedPort();

        var (status, json) = await GetHealthAsync($"http://127.0.0.1:{closed}/1.0/", closed);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(("Degraded", "Healthy", "Degraded", "Degraded"), (Status(json), Status(json, "database"), Status(json, "directory"), Status(json, "smtp")));
        Assert.StartsWith($"Cannot open an SMTP session with 127.0.0.1:{closed}",
            json.RootElement.GetProperty("checks").GetProperty("smtp").GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    private static async Task<(HttpStatusCode Status, JsonDocument Json)> GetHealthAsync(string directoryUrl, int smtpPort)
    {
        using var app = new DashboardAppFactory(new Dictionary<string, string?>
        {
            ["Directory:BaseUrl"] = directoryUrl,
            ["Smtp:Host"] = "127.0.0.1",
            ["Smtp:Port"] = smtpPort.ToString(CultureInfo.InvariantCulture),
            ["Smtp:Security"] = "None",
            ["Smtp:Timeout"] = "00:00:05",
        });
        using var client = app.CreateClient();
        var response = await client.GetAsync("/healthz");
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()));
    }

    private static string? Status(JsonDocument json) => json.RootElement.GetProperty("status").GetString();

    private static string? Status(JsonDocument json, string check) =>
        json.RootElement.GetProperty("checks").GetProperty(check).GetProperty("status").GetString();

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
