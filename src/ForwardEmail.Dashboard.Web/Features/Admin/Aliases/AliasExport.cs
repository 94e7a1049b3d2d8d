using System.Text;
using ForwardEmail.Dashboard.Core.Admin;
using ForwardEmail.Dashboard.Core.Domain;
using ForwardEmail.Dashboard.Web.Features.Auth;

namespace ForwardEmail.Dashboard.Web.Features.Admin.Aliases;

/// <summary>
/// <c>GET /admin/aliases/export.csv</c>: the aliases the page's filters select, streamed row by row as the database returns
/// them (100,000 rows without holding them). The query string carries the same filters as the page.
/// </summary>
public static class AliasExport
{
    public const string Path = "/admin/aliases/export.csv";

    public static IEndpointRouteBuilder MapAliasExport(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, ExportAsync).RequireAuthorization(DashboardPolicies.Support);
        return endpoints;
    }

    /// <summary>The export link for the filters a page shows (paging is not part of it: the export has every matching row).</summary>
    public static string Url(AliasQuery query)
    {
        var parts = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                parts.Add($"{name}={Uri.EscapeDataString(value)}");
            }
        }

        Add("search", query.Search?.Trim());
        Add("domain", query.DomainId?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Add("state", query.State?.ToString());
        Add("origin", query.Origin?.ToString());
        Add("sort", query.Sort == AliasSort.Address ? null : query.Sort.ToString());
        Add("desc", query.Descending ? "true" : null);
        return parts.Count == 0 ? Path : Path + "?" + string.Join('&', parts);
    }

    /// <summary>Reads the filters back; anything unrecognised is ignored rather than refused, like a filter left on "any".</summary>
    public static AliasQuery Parse(IQueryCollection query) => new(
        Search: query["search"].FirstOrDefault(),
        DomainId: int.TryParse(query["domain"].FirstOrDefault(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var domain) ? domain : null,
        State: Enum.TryParse<AliasState>(query["state"].FirstOrDefault(), ignoreCase: true, out var state) && Enum.IsDefined(state) ? state : null,
        Origin: Enum.TryParse<AliasOrigin>(query["origin"].FirstOrDefault(), ignoreCase: true, out var origin) && Enum.IsDefined(origin) ? origin : null,
        Sort: Enum.TryParse<AliasSort>(query["sort"].FirstOrDefault(), ignoreCase: true, out var sort) && Enum.IsDefined(sort) ? sort : AliasSort.Address,
        Descending: string.Equals(query["desc"].FirstOrDefault(), "true", StringComparison.OrdinalIgnoreCase));

    private static async Task<IResult> ExportAsync(HttpContext context, RoleLookup roles, AliasAdministration aliases)
    {
        // The policy read the session's roles; a revoked support role is caught here, as on every page action.
        if (!await roles.IsSupportAsync(context.User, context.RequestAborted))
        {
            return Results.Forbid();
        }

        var query = Parse(context.Request.Query);
        if (query.Search?.Trim().Length > AliasAdministration.MaxSearchLength)
        {
            return Results.BadRequest($"The search is longer than {AliasAdministration.MaxSearchLength} characters.");
        }

        context.Response.ContentType = "text/csv; charset=utf-8";
        context.Response.Headers.ContentDisposition = "attachment; filename=\"aliases.csv\"";
        await using (var writer = new StreamWriter(context.Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 16 * 1024))
        {
            await aliases.ExportCsvAsync(writer, query, DashboardActor.NameOf(context.User), context.RequestAborted);
        }

        return Results.Empty;
    }
}
