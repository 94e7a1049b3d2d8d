using ForwardEmail.Dashboard.Core.Configuration;
using ForwardEmail.Dashboard.Core.Errors;
using ForwardEmail.Dashboard.Core.Live;
using ForwardEmail.Dashboard.Core.Mail;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace ForwardEmail.Dashboard.Core.Provisioning;

public static class ProvisioningServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ProvisioningService"/>, <see cref="ReconciliationService"/>, <see cref="ErrorLogService"/> and their
    /// validated options (<c>Provisioning</c>, <c>Notifications</c>). Needs <c>AddDashboardDatabase()</c> and <c>AddDirectoryClient()</c>.
    /// </summary>
    public static IHostApplicationBuilder AddProvisioning(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<ProvisioningOptions>(ProvisioningOptions.SectionName);
        builder.Services.AddValidatedOptions<NotificationOptions>(NotificationOptions.SectionName);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<IDashboardChangeNotifier, NoDashboardChangeNotifier>();
        builder.Services.AddScoped<ErrorLogService>();
        builder.Services.AddScoped<ProvisioningService>();
        builder.Services.AddScoped<ReconciliationService>();
        builder.Services.AddScoped<RemovalReviewService>();
        // "Retry now" enqueues through Hangfire's IBackgroundJobClient (AddHangfire).
        builder.Services.AddScoped<ErrorTriageService>();
        return builder;
    }
}
