using ForwardEmail.Dashboard.Core.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ForwardEmail.Dashboard.Core.Mail;

public static partial class MailServiceCollectionExtensions
{
    /// <summary>
    /// Registers the outbox dispatcher and its <see cref="IMailDelivery"/>: MailKit SMTP when <c>Smtp:Host</c> is set,
    /// otherwise the pickup folder (logged at start). Needs <c>AddDashboardDatabase()</c> and <c>AddProvisioning()</c>.
    /// </summary>
    public static IHostApplicationBuilder AddOutboxMail(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<SmtpOptions>(SmtpOptions.SectionName);
        builder.Services.AddValidatedOptions<OutboxOptions>(OutboxOptions.SectionName);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IMailDelivery>(services =>
        {
            var options = services.GetRequiredService<IOptions<SmtpOptions>>();
            return options.Value.UsesSmtp ? new SmtpMailDelivery(options) : new PickupFolderMailDelivery(options);
        });
        builder.Services.AddScoped<OutboxDispatcher>();
        builder.Services.AddScoped<FailedOutboxService>();
        builder.Services.AddHostedService<MailDeliveryAnnouncer>();
        return builder;
    }

    /// <summary>Says at start where mail goes, so an operator of the embedded default finds the pickup folder in the log.</summary>
    private sealed partial class MailDeliveryAnnouncer(IMailDelivery delivery, ILogger<OutboxDispatcher> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            LogDelivery(logger, delivery.Description);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        [LoggerMessage(EventId = 4010, Level = LogLevel.Information, Message = "Outbox mail goes to {Delivery}")]
        private static partial void LogDelivery(ILogger logger, string delivery);
    }
}
