using System.Net;
using System.Net.Http.Headers;
using ForwardEmail.Dashboard.Core.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;

namespace ForwardEmail.Dashboard.Core.Directory;

public static class DirectoryServiceCollectionExtensions
{
    public const string ResiliencePipelineName = "launchpad";

    // A 300-entry participants page is about 1 MB; anything far beyond that is not Launchpad.
    private const int MaxResponseBytes = 16 * 1024 * 1024;

    /// <summary>
    /// Registers <see cref="IDirectoryClient"/> (the Launchpad typed client behind a resilience pipeline) and the
    /// scoped <see cref="ITeamMembershipProvider"/>. The latter needs <c>AddDashboardDatabase</c> for its snapshots.
    /// </summary>
    public static IHostApplicationBuilder AddDirectoryClient(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<LaunchpadOptions>(LaunchpadOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<ITeamMembershipProvider, TeamMembershipService>();

        services.AddHttpClient<IDirectoryClient, LaunchpadClient>((provider, client) =>
            {
                var settings = provider.GetRequiredService<IOptions<LaunchpadOptions>>().Value;
                client.BaseAddress = settings.NormalizedBaseUrl;
                // The pipeline's total timeout governs; HttpClient's own 100 s would cut it short or outlast it.
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.MaxResponseContentBufferSize = MaxResponseBytes;
                client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("ForwardEmail.Dashboard", "1.0"));
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                // A redirect would only come from a capitalised name; never follow one to another host silently.
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.All,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            })
            .AddResilienceHandler(ResiliencePipelineName, static (pipeline, context) =>
            {
                var settings = context.ServiceProvider.GetRequiredService<IOptions<LaunchpadOptions>>().Value;
                var time = context.ServiceProvider.GetRequiredService<TimeProvider>();
                var logger = context.ServiceProvider.GetRequiredService<ILogger<LaunchpadClient>>();

                pipeline
                    .AddTimeout(settings.TotalTimeout)
                    .AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = settings.MaxRetryAttempts,
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        Delay = settings.RetryBaseDelay,
                        // Set before DelayGenerator: turning it off clears the generator, and ours caps Retry-After.
                        ShouldRetryAfterHeader = false,
                        DelayGenerator = args => new ValueTask<TimeSpan?>(RetryAfter(args.Outcome.Result, settings.MaxRetryAfter, time)),
                        OnRetry = args =>
                        {
                            Log.Retrying(logger, args.AttemptNumber + 1, args.RetryDelay,
                                args.Outcome.Result is { } response ? $"HTTP {(int)response.StatusCode}" : args.Outcome.Exception?.GetType().Name ?? "?");
                            return default;
                        },
                    })
                    .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                    {
                        FailureRatio = settings.FailureRatio,
                        MinimumThroughput = settings.MinimumThroughput,
                        SamplingDuration = settings.SamplingDuration,
                        BreakDuration = settings.BreakDuration,
                    })
                    .AddTimeout(settings.AttemptTimeout);
            });

        return builder;
    }

    /// <summary>The server's <c>Retry-After</c>, capped; null lets the jittered backoff decide.</summary>
    internal static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeSpan cap, TimeProvider time)
    {
        var header = response?.Headers.RetryAfter;
        TimeSpan? wait = header switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - time.GetUtcNow(),
            _ => null,
        };

        if (wait is not { } value)
        {
            return null;
        }

        return value < TimeSpan.Zero ? TimeSpan.Zero : value > cap ? cap : value;
    }
}
