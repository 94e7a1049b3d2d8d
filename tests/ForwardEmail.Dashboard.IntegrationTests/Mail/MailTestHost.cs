using ForwardEmail.Dashboard.IntegrationTests.Infrastructure;

namespace ForwardEmail.Dashboard.IntegrationTests.Mail;

internal static class MailTestHost
{
    public const string From = "dashboard@example.org";

    /// <summary>The provisioning test host sending its outbox to <paramref name="sink"/> over plain SMTP on loopback.</summary>
    public static Task<ProvisioningTestHost> StartAsync(SmtpSink sink, Action<Demo.Directory.DemoDirectoryData>? directory = null, IDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Smtp:Host"] = "127.0.0.1",
            ["Smtp:Port"] = sink.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Smtp:Security"] = "None",
            ["Smtp:Timeout"] = "00:00:05",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return ProvisioningTestHost.StartAsync(directory, all);
    }

    public static Task AddMessagesAsync(ProvisioningTestHost host, int count, string kind = "test") => host.WithDbAsync(async db =>
    {
        for (var i = 0; i < count; i++)
        {
            db.Outbox.Add(new Core.Domain.OutboxMessage
            {
                To = $"admin{i}@example.net",
                Subject = $"Message {i}",
                Body = $"Body of message {i}\n",
                Kind = kind,
                CreatedAt = host.Time.GetUtcNow(),
            });
        }

        await db.SaveChangesAsync();
    });
}
