using System.Globalization;

namespace ForwardEmail.Dashboard.Web.Features.Domains;

/// <summary>The shared resources (DomainsConsole.resx) and formatting of the admin console's domain pages.</summary>
public sealed class DomainsConsole
{
    /// <summary>A stored UTC time in the reader's culture (the Thai calendar under <c>th</c>), marked as UTC.</summary>
    public static string Time(DateTimeOffset? at) =>
        at is { } value ? value.UtcDateTime.ToString("g", CultureInfo.CurrentCulture) + " UTC" : "";

    public static MudBlazor.Color VerificationColor(Core.Domain.DomainVerificationState state) => state switch
    {
        Core.Domain.DomainVerificationState.Verified => MudBlazor.Color.Success,
        Core.Domain.DomainVerificationState.Lost => MudBlazor.Color.Error,
        _ => MudBlazor.Color.Warning,
    };

    public static MudBlazor.Color MxColor(Core.Domain.MxState state) => state switch
    {
        Core.Domain.MxState.Ok => MudBlazor.Color.Success,
        Core.Domain.MxState.Unknown => MudBlazor.Color.Default,
        _ => MudBlazor.Color.Warning,
    };
}
