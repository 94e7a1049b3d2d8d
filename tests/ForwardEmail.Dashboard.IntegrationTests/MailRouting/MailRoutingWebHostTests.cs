using System.Globalization;
using System.Net;
using System.Text.Json;
using ForwardEmail.Dashboard.Core.Live;
using ForwardEmail.Dashboard.Core.MailRouting;
using ForwardEmail.Dashboard.IntegrationTests.Infrastructure;
using ForwardEmail.Dashboard.Web.Features.Live;
using Microsoft.Extensions.DependencyInjection;

namespace ForwardEmail.Dashboard.IntegrationTests.MailRouting;

/// <summary>The web host with <c>MailRouting:Enabled</c>: it listens, reports in /healthz and still feeds its live pages.</summary>
public sealed class MailRoutingWebHostTests
{
    [Fact]
    public async Task Healthz_shows_where_mail_routing_listens_and_its_lookup_counts()
    {
        var port = LoopbackPort.Free();
        using var app = new DashboardAppFactory(Enabled(port));
        using var http = app.CreateClient();
        await using (var client = await SocketmapClient.ConnectAsync(port))
        {
            Assert.Equal("NOTFOUND ", await client.AskAsync("aliases nobody@example.org"));
        }

        var response = await http.GetAsync("/healthz");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var check = json.RootElement.GetProperty("checks").GetProperty("mail-routing");
        Assert.Equal("Healthy", check.GetProperty("status").GetString());
        Assert.StartsWith($"socketmap on 127.0.0.1:{port}: 0 hits, 0 misses, 1 foreign", check.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Healthz_has_no_mail_routing_entry_and_nothing_listens_when_it_is_off()
    {
        using var app = new DashboardAppFactory();
        using var http = app.CreateClient();

        Assert.Null(app.Services.GetService<SocketmapServer>());
        Assert.DoesNotContain("mail-routing", await http.GetStringAsync("/healthz"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_published_alias_change_reaches_both_the_live_pages_and_the_routing_cache()
    {
        using var app = new DashboardAppFactory(Enabled(LoopbackPort.Free()));
        using var http = app.CreateClient();
        var received = new List<DashboardChange>();
        app.Services.GetRequiredService<DashboardChanges>().Changed += received.Add;
        var cache = app.Services.GetRequiredService<MailRoutingCache>();
        var generation = cache.Generation;

        app.Services.GetRequiredService<IDashboardChangeNotifier>().AliasesChanged(7);
        app.Services.GetRequiredService<IDashboardChangeNotifier>().OutboxChanged(1);

        Assert.Equal([DashboardChangeKind.Alias, DashboardChangeKind.Outbox], received.Select(c => c.Kind));
        Assert.Equal(generation + 1, cache.Generation);
    }

    private static Dictionary<string, string?> Enabled(int port) => new()
    {
        ["MailRouting:Enabled"] = "true",
        ["MailRouting:Port"] = port.ToString(CultureInfo.InvariantCulture),
    };
}
