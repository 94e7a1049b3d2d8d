using System.Diagnostics;
using ForwardEmail.Dashboard.Web.Components;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ForwardEmail.Dashboard.Web.Hosting;

public static class ErrorEndpoint
{
    public const string Path = "/error";

    /// <summary>The page <c>UseExceptionHandler</c> re-executes: a plain localized page with a reference, status 500.</summary>
    public static IEndpointRouteBuilder MapErrorPage(this IEndpointRouteBuilder endpoints)
    {
        endpoints.Map(Path, (HttpContext context) =>
            new RazorComponentResult<ErrorPage>(new { RequestId = Activity.Current?.Id ?? context.TraceIdentifier })
            {
                StatusCode = StatusCodes.Status500InternalServerError,
            }).AllowAnonymous().DisableAntiforgery();
        return endpoints;
    }
}
