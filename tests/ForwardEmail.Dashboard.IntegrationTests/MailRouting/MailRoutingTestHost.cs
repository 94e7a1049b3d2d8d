using System.Net;
using ForwardEmail.Dashboard.Core.Domain;
using ForwardEmail.Dashboard.Core.Live;
using ForwardEmail.Dashboard.Core.MailRouting;
using ForwardEmail.Dashboard.Demo.Directory;
using ForwardEmail.Dashboard.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ForwardEmail.Dashboard.IntegrationTests.MailRouting;

/// <summary>
/// The real provisioning stack with the socketmap server listening on a free loopback port, and a few manual aliases
/// on the seeded (verified) domains. The cache lifetime is an hour, so a change can only show through invalidation.
/// </summary>
public static class MailRoutingTestHost
{
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(3);

    public static Task<ProvisioningTestHost> StartAsync(Action<DemoDirectoryData>? directory = null, IDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["MailRouting:Enabled"] = "true",
            ["MailRouting:Port"] = "0",
            ["MailRouting:CacheLifetime"] = "01:00:00",
            ["MailRouting:IdleTimeout"] = IdleTimeout.ToString(),
            ["MailRouting:RequestTimeout"] = RequestTimeout.ToString(),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return ProvisioningTestHost.StartAsync(directory, all);
    }

    public static int Port(this ProvisioningTestHost host) =>
        ((IPEndPoint)host.Services.GetRequiredService<SocketmapServer>().LocalEndPoint!).Port;

    public static MailRoutingStatistics Statistics(this ProvisioningTestHost host) => host.Services.GetRequiredService<MailRoutingStatistics>();

    /// <summary>Adds a manual alias on a seeded domain, as an admin's role address would be.</summary>
    public static Task AddAliasAsync(this ProvisioningTestHost host, string name, string domain, bool enabled, params string[] recipients) =>
        host.WithDbAsync(async db =>
        {
            var domainId = await db.Domains.Where(d => d.Name == domain).Select(d => d.Id).SingleAsync();
            db.Aliases.Add(new Alias
            {
                Name = name,
                DomainId = domainId,
                Recipients = [.. recipients],
                IsEnabled = enabled,
                Origin = AliasOrigin.Manual,
                CreatedAt = ProvisioningTestHost.Start,
                UpdatedAt = ProvisioningTestHost.Start,
            });
            await db.SaveChangesAsync();
            host.Services.GetRequiredService<IDashboardChangeNotifier>().AliasesChanged(null);
        });

    /// <summary>Changes an alias in the database and publishes the change, as Core services do after their commit.</summary>
    public static Task UpdateAliasAsync(this ProvisioningTestHost host, string name, Action<Alias> change) =>
        host.WithDbAsync(async db =>
        {
            var alias = await db.Aliases.SingleAsync(a => a.Name == name);
            change(alias);
            await db.SaveChangesAsync();
            host.Services.GetRequiredService<IDashboardChangeNotifier>().AliasesChanged(alias.OwnerId, alias.Id);
        });
}
