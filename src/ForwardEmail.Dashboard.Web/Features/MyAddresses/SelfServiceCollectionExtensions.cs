using ForwardEmail.Dashboard.Core.Configuration;

namespace ForwardEmail.Dashboard.Web.Features.MyAddresses;

public static class SelfServiceCollectionExtensions
{
    /// <summary>The contributor's own claim page: its rate limit per contributor.</summary>
    public static IHostApplicationBuilder AddSelfService(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<SelfServiceOptions>(SelfServiceOptions.SectionName);
        builder.Services.AddSingleton<ClaimRateLimiter>();
        return builder;
    }
}
