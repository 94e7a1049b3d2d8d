namespace ForwardEmail.Dashboard.Web.Features.Support;

public static class SupportDeskServiceCollectionExtensions
{
    /// <summary>The support desk pages (error log, removal reviews, background jobs). Needs AddProvisioning, AddOutboxMail and AddDashboardJobs.</summary>
    public static IHostApplicationBuilder AddSupportDesk(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<SupportDesk>();
        return builder;
    }
}
