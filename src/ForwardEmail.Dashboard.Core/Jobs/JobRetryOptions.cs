using System.ComponentModel.DataAnnotations;

namespace ForwardEmail.Dashboard.Core.Jobs;

/// <summary>
/// How transient failures are retried (configuration section <c>Jobs:Retry</c>): a job run that throws is run again by
/// Hangfire, and a contributor whose provisioning failed transiently is provisioned again by the retry job, both after
/// <see cref="BaseDelay"/>, doubled per further failure up to <see cref="MaxDelay"/>.
/// </summary>
public sealed class JobRetryOptions : IValidatableObject
{
    public const string SectionName = "Jobs:Retry";

    /// <summary>Hangfire retries of a failed job run before it is left failed in the dashboard. Default 8.</summary>
    [Range(0, 100)]
    public int Attempts { get; set; } = 8;

    /// <summary>Wait before the first retry. Default 30 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ParseLimitsInInvariantCulture = true)]
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Cap of the doubling waits. Default 1 hour.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00", ParseLimitsInInvariantCulture = true)]
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The wait before retry number <paramref name="retry"/> (1 = the first retry).</summary>
    public TimeSpan Delay(int retry)
    {
        var delay = BaseDelay * Math.Pow(2, Math.Clamp(retry - 1, 0, 30));
        return delay > MaxDelay ? MaxDelay : delay;
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxDelay < BaseDelay)
        {
            yield return new ValidationResult($"must be at least {nameof(BaseDelay)} ({BaseDelay}).", [nameof(MaxDelay)]);
        }
    }
}
