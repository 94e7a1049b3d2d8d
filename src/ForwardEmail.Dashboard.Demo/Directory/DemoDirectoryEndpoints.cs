using System.Globalization;
using System.Text;
using ForwardEmail.Dashboard.Core.Directory;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ForwardEmail.Dashboard.Demo.Directory;

/// <summary>A Launchpad web API 1.0 look-alike: person entries, participants and members, in the real wire format.</summary>
public static class DemoDirectoryEndpoints
{
    private const int DefaultPageSize = 75;
    private const int MaxPageSize = 300;
    private static readonly string[] PagingParameters = ["ws.size", "memo", "ws.start", "direction"];

    // Launchpad's 404 body names a Python object whose address varies per process.
    private static readonly string ObjectAddress = "0x7f" + ((uint)Environment.ProcessId * 2654435761u).ToString("x8", CultureInfo.InvariantCulture);

    /// <summary>Maps the demo directory using the singletons registered by <see cref="DemoDirectoryServiceCollectionExtensions.AddDemoDirectory"/>.</summary>
    public static IEndpointRouteBuilder MapDemoDirectory(this IEndpointRouteBuilder endpoints, string prefix) =>
        endpoints.MapDemoDirectory(
            prefix,
            endpoints.ServiceProvider.GetRequiredService<DemoDirectoryData>(),
            endpoints.ServiceProvider.GetRequiredService<DemoDirectoryFaults>(),
            endpoints.ServiceProvider.GetRequiredService<DemoDirectoryRequestLog>());

    /// <summary>Maps <c>GET {prefix}/~{name}</c>, <c>{prefix}/~{name}/participants</c> and <c>{prefix}/~{name}/members</c>.</summary>
    public static IEndpointRouteBuilder MapDemoDirectory(
        this IEndpointRouteBuilder endpoints, string prefix, DemoDirectoryData data, DemoDirectoryFaults faults, DemoDirectoryRequestLog? log = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(faults);
        var root = "/" + prefix.Trim('/');
        var group = endpoints.MapGroup(root).AllowAnonymous();

        // One catch-all route, split here: separate "/{segment}" routes would be flagged as ambiguous with it.
        group.MapGet("/{**path}", context => ServeAsync(context, root, data, faults, log));
        return endpoints;
    }

    private enum Resource
    {
        Entry,
        Participants,
        Members,
        Unknown,
    }

    private static async Task ServeAsync(HttpContext context, string root, DemoDirectoryData data, DemoDirectoryFaults faults, DemoDirectoryRequestLog? log)
    {
        var request = context.Request;
        using var inFlight = log?.Begin(request.Path + request.QueryString, DateTimeOffset.UtcNow);
        var stopping = context.RequestServices.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);

        try
        {
            if (faults.Latency > TimeSpan.Zero)
            {
                await Task.Delay(faults.Latency, abort.Token);
            }

            if (faults.Hang)
            {
                await Task.Delay(Timeout.Infinite, abort.Token);
            }
        }
        catch (OperationCanceledException)
        {
            context.Abort();
            return;
        }

        if (faults.TryTakeFailure())
        {
            if (faults.RetryAfterSeconds is { } retryAfter)
            {
                context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
            }

            var status = faults.FailStatusCode;
            await TextAsync(context, status, ReasonPhrases.GetReasonPhrase(status));
            return;
        }

        var parts = ((string?)context.GetRouteValue("path") ?? "").Split('/');
        var (segment, resource) = parts switch
        {
            [var only] => (only, Resource.Entry),
            [var team, "participants"] => (team, Resource.Participants),
            [var team, "members"] => (team, Resource.Members),
            _ => (null, Resource.Unknown),
        };
        if (segment is null || segment.Length < 2 || segment[0] != '~')
        {
            await NotFoundAsync(context, request.Path.Value ?? "");
            return;
        }

        var name = segment[1..];
        if (faults.HangsFor(LaunchpadName.FoldCase(name)))
        {
            try
            {
                await Task.Delay(Timeout.Infinite, abort.Token);
            }
            catch (OperationCanceledException)
            {
                context.Abort();
                return;
            }
        }

        var lowered = LaunchpadName.FoldCase(name);
        if (lowered != name)
        {
            // Launchpad redirects a capitalised name to the lowercase URL, rest of the path and query kept.
            var path = request.Path.Value!;
            var at = path.IndexOf("/" + segment, StringComparison.Ordinal);
            var location = $"{request.Scheme}://{request.Host}{request.PathBase}{path[..at]}/~{Uri.EscapeDataString(lowered)}{path[(at + segment.Length + 1)..]}{request.QueryString}";
            context.Response.StatusCode = StatusCodes.Status301MovedPermanently;
            context.Response.Headers.Location = location;
            return;
        }

        var entry = data.Find(name);
        if (entry is null || entry.State == DemoAccountState.Absent)
        {
            await NotFoundAsync(context, "~" + name);
            return;
        }

        if (entry.State == DemoAccountState.Suspended)
        {
            await TextAsync(context, StatusCodes.Status410Gone, $"User is suspended: ~{name}");
            return;
        }

        var apiBase = $"{request.Scheme}://{request.Host}{request.PathBase}{root}/";
        var webBase = $"{request.Scheme}://{request.Host}{request.PathBase}{root[..root.LastIndexOf('/')]}/";
        if (resource == Resource.Entry)
        {
            var body = LaunchpadJsonWriter.Entry(entry, apiBase, webBase, out var etag);
            context.Response.Headers.ETag = etag;
            if (MatchesETag(request, etag))
            {
                context.Response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }

            await JsonAsync(context, faults, faults.ApplyCorruption(entry.Name, body));
            return;
        }

        await ServeCollectionAsync(context, faults, entry, resource == Resource.Participants ? data.Participants(name) : data.Members(name), apiBase, webBase);
    }

    private static async Task ServeCollectionAsync(
        HttpContext context, DemoDirectoryFaults faults, DemoEntry owner, IReadOnlyList<DemoEntry> all, string apiBase, string webBase)
    {
        var query = context.Request.Query;
        var size = DefaultPageSize;
        if (int.TryParse(query["ws.size"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var askedSize) && askedSize > 0)
        {
            if (askedSize > MaxPageSize)
            {
                await TextAsync(context, StatusCodes.Status400BadRequest, $"Maximum for \"ws.size\" parameter is {MaxPageSize}.");
                return;
            }

            size = askedSize;
        }

        // memo is the real position; ws.start is only echoed back.
        var memo = ParseNonNegative(query["memo"]) ?? ParseNonNegative(query["ws.start"]) ?? 0;
        var backwards = string.Equals(query["direction"], "backwards", StringComparison.Ordinal);
        var start = Math.Min(backwards ? Math.Max(0, memo - size) : memo, all.Count);

        var collection = $"{apiBase}~{owner.Name}/{context.Request.Path.Value![(context.Request.Path.Value!.LastIndexOf('/') + 1)..]}";
        var others = new StringBuilder();
        foreach (var (key, values) in query.Where(q => !PagingParameters.Contains(q.Key)))
        {
            foreach (var value in values)
            {
                others.Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(value ?? "")).Append('&');
            }
        }

        var sizeText = size.ToString(CultureInfo.InvariantCulture);
        var pagingFault = faults.PagingFaultOf(owner.Name);
        string? next = start + size < all.Count || pagingFault == DemoPagingFault.RunawayPages
            ? $"{collection}?{others}ws.size={sizeText}&memo={start + size}&ws.start={start + size}"
            : null;
        if (next is not null && pagingFault == DemoPagingFault.RepeatedNextLink && start > 0)
        {
            next = $"{collection}?{others}ws.size={sizeText}&memo={start}&ws.start={start}";
        }
        else if (next is not null && pagingFault == DemoPagingFault.ForeignHostNextLink)
        {
            next = new UriBuilder(next) { Host = "directory.example.net" }.Uri.AbsoluteUri;
        }
        string? prev = start > 0
            ? $"{collection}?{others}ws.size={sizeText}&direction=backwards&memo={start}" + (start - size > 0 ? $"&ws.start={start - size}" : "")
            : null;

        var body = LaunchpadJsonWriter.Collection(start, all.Count, next, prev, all.Skip(start).Take(size), apiBase, webBase, faults.ApplyCorruption);
        await JsonAsync(context, faults, body);
    }

    private static int? ParseNonNegative(string? value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) && parsed >= 0 ? parsed : null;

    private static bool MatchesETag(HttpRequest request, string etag)
    {
        foreach (var candidate in request.Headers.IfNoneMatch.SelectMany(v => (v ?? "").Split(',')).Select(v => v.Trim()))
        {
            // A compressing front end may have appended -gzip; both forms match.
            if (candidate == etag || candidate == etag[..^1] + "-gzip\"")
            {
                return true;
            }
        }

        return false;
    }

    private static Task NotFoundAsync(HttpContext context, string name) =>
        TextAsync(context, StatusCodes.Status404NotFound, $"Object: <lp.systemhomes.WebServiceApplication object at {ObjectAddress}>, name: '{name}'");

    private static async Task JsonAsync(HttpContext context, DemoDirectoryFaults faults, string body)
    {
        if (faults.RewriteJson is { } rewrite)
        {
            body = rewrite(body);
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }

    private static async Task TextAsync(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain;charset=utf-8";
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }
}
