using ForwardEmail.Dashboard.Core.Mail;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ForwardEmail.Dashboard.Web.Features.Health;

/// <summary>SMTP: connect, EHLO and QUIT (with credentials, also authenticate). Pickup folder: the folder can be created.</summary>
internal sealed class MailHealthCheck(IMailDelivery delivery) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await delivery.CheckAsync(cancellationToken);
            return HealthCheckResult.Healthy(delivery.Description);
        }
        catch (MailDeliveryException ex)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, ex.Message);
        }
    }
}
