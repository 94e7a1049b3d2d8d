using System.ComponentModel.DataAnnotations;

namespace ForwardEmail.Dashboard.Core.Directory;

/// <summary>How the dashboard talks to the Launchpad web API (configuration section <c>Directory</c>).</summary>
public sealed class LaunchpadOptions : IValidatableObject
{
    public const string SectionName = "Directory";

    /// <summary>The API root, production <c>https://api.launchpad.net/1.0/</c>. A missing trailing slash is added.</summary>
    [Required]
    public Uri BaseUrl { get; set; } = new("https://api.launchpad.net/1.0/");

    /// <summary><c>ws.size</c> asked for on participants listings; Launchpad refuses more than 300.</summary>
    [Range(1, 300)]
    public int PageSize { get; set; } = 300;

    /// <summary>Runaway guard: no listing is read over more pages than this, whatever <c>total_size</c> says.</summary>
    [Range(1, 100_000)]
    public int MaxPages { get; set; } = 1000;

    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00", ParseLimitsInInvariantCulture = true)]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Covers all attempts of one request, the waits between them included.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00", ParseLimitsInInvariantCulture = true)]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(90);

    [Range(1, 10)]
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>First backoff delay; doubled per attempt, with jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00", ParseLimitsInInvariantCulture = true)]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Longest wait honoured from a <c>Retry-After</c> header. Launchpad sends 900 s on overload; waiting that long
    /// inside one call would outlive the caller, so the background jobs retry later instead.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00", ParseLimitsInInvariantCulture = true)]
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Share of failed attempts in <see cref="SamplingDuration"/> that opens the circuit.</summary>
    [Range(0.01, 1.0)]
    public double FailureRatio { get; set; } = 0.5;

    [Range(2, 10_000)]
    public int MinimumThroughput { get; set; } = 10;

    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00", ParseLimitsInInvariantCulture = true)]
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(60);

    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00", ParseLimitsInInvariantCulture = true)]
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a stored team listing is served before it is fetched again.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00", ParseLimitsInInvariantCulture = true)]
    public TimeSpan MembershipMaxAge { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Team listings fetched at the same time.</summary>
    [Range(1, 32)]
    public int MaxConcurrency { get; set; } = 3;

    /// <summary>The base URL with the trailing slash that relative <c>~name</c> URLs need.</summary>
    public Uri NormalizedBaseUrl =>
        BaseUrl.AbsoluteUri.EndsWith('/') ? BaseUrl : new Uri(BaseUrl.AbsoluteUri + "/");

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (BaseUrl is { } url && (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
            || !string.IsNullOrEmpty(url.Query) || !string.IsNullOrEmpty(url.Fragment)))
        {
            yield return new ValidationResult("must be an absolute http or https URL without query or fragment, e.g. https://api.launchpad.net/1.0/.", [nameof(BaseUrl)]);
        }

        if (TotalTimeout < AttemptTimeout)
        {
            yield return new ValidationResult($"must be at least {nameof(AttemptTimeout)} ({AttemptTimeout}).", [nameof(TotalTimeout)]);
        }
    }
}
