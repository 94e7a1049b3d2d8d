using ForwardEmail.Dashboard.Core.Mail;

namespace ForwardEmail.Dashboard.Core.Jobs;

/// <summary>
/// Sends the due outbox messages. Failed messages carry their own retry time (<c>Outbox:*</c>), so an SMTP outage is not an
/// error of the run; concurrent runs are safe because each claims its batch with a lease.
/// </summary>
public sealed class OutboxDispatchJob(OutboxDispatcher dispatcher) : IDashboardJob
{
    public const string JobId = "outbox-dispatch";

    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var result = await dispatcher.DispatchAsync(cancellationToken);
        return result.ToString();
    }
}
