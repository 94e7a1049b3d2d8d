using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;

namespace ForwardEmail.Dashboard.Core.Directory;

/// <summary>
/// Typed client for the Launchpad web API 1.0. Retries, timeouts and the circuit breaker live in the
/// resilience handler registered by <see cref="DirectoryServiceCollectionExtensions.AddDirectoryClient"/>;
/// this class turns what is left after them into results and the directory exceptions.
/// </summary>
public sealed class LaunchpadClient(HttpClient httpClient, IOptions<LaunchpadOptions> options, ILogger<LaunchpadClient> logger)
    : IDirectoryClient
{
    private readonly LaunchpadOptions _options = options.Value;

    public async Task<PersonLookup> GetPersonAsync(string name, CancellationToken cancellationToken)
    {
        var normalized = LaunchpadName.Normalize(name);
        var url = new Uri(_options.NormalizedBaseUrl, "~" + Uri.EscapeDataString(normalized));
        var (status, body) = await GetAsync(url, cancellationToken);
        Log.PersonLookedUp(logger, normalized, (int)status);

        return status switch
        {
            HttpStatusCode.OK => PersonLookup.Found(Decode(url, () => LaunchpadJson.ParsePerson(body))),
            HttpStatusCode.NotFound => PersonLookup.NotFound,
            HttpStatusCode.Gone => PersonLookup.Suspended,
            _ => throw Unexpected(url, status),
        };
    }

    public async Task<IReadOnlyList<DirectoryPerson>> GetTeamParticipantsAsync(string team, CancellationToken cancellationToken)
    {
        var normalized = LaunchpadName.Normalize(team);

        // total_size moving between pages means entries may have shifted across a page boundary,
        // so someone could be missed: read once more, and give up for now if it keeps moving.
        for (var read = 1; ; read++)
        {
            var people = await ReadParticipantsAsync(normalized, cancellationToken);
            if (people is not null)
            {
                return people;
            }

            if (read == 2)
            {
                throw new DirectoryUnavailableException($"The participants of ~{normalized} kept changing while being read; try again later.");
            }
        }
    }

    private async Task<IReadOnlyList<DirectoryPerson>?> ReadParticipantsAsync(string team, CancellationToken cancellationToken)
    {
        var url = new Uri(_options.NormalizedBaseUrl,
            $"~{Uri.EscapeDataString(team)}/participants?ws.size={_options.PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        var seen = new HashSet<string>(StringComparer.Ordinal) { url.AbsoluteUri };
        var people = new Dictionary<string, DirectoryPerson>(StringComparer.Ordinal);
        int? totalSize = null;
        var pageLimit = _options.MaxPages;

        for (var pages = 1; ; pages++)
        {
            var page = await GetPageAsync(url, team, cancellationToken);
            if (totalSize is null)
            {
                totalSize = page.TotalSize;
                // Launchpad may serve fewer entries than asked for; a full first page shows the size really used.
                var pageSize = page.NextCollectionLink is null ? _options.PageSize : Math.Max(1, Math.Min(_options.PageSize, page.Entries.Count));
                pageLimit = (int)Math.Min(_options.MaxPages, ((long)page.TotalSize + pageSize - 1) / pageSize + 1);
            }
            else if (totalSize != page.TotalSize)
            {
                Log.ListingChanged(logger, team, totalSize.Value, page.TotalSize);
                return null;
            }

            foreach (var entry in page.Entries)
            {
                // Sub-teams are listed too; their people appear individually as indirect participants.
                // A well-formed entry wins over a malformed one for the same person (entries can shift across pages).
                if (!entry.IsTeam && (!people.TryGetValue(entry.Name, out var listed) || (listed.IsMalformed && !entry.IsMalformed)))
                {
                    people[entry.Name] = entry;
                }
            }

            if (page.NextCollectionLink is null)
            {
                Log.ParticipantsRead(logger, team, people.Count, pages, totalSize.Value);
                return [.. people.Values];
            }

            if (pages >= pageLimit)
            {
                throw Invalid(url, $"the listing of ~{team} runs past {pageLimit} pages (total_size {totalSize}).");
            }

            url = CheckNextLink(url, page.NextCollectionLink, seen);
        }
    }

    private async Task<LaunchpadPage> GetPageAsync(Uri url, string team, CancellationToken cancellationToken)
    {
        var (status, body) = await GetAsync(url, cancellationToken);
        return status switch
        {
            HttpStatusCode.OK => Decode(url, () => LaunchpadJson.ParsePage(body)),
            HttpStatusCode.NotFound or HttpStatusCode.Gone =>
                throw Invalid(url, $"team ~{team} does not exist or is not visible ({(int)status}); check the domain's team mapping."),
            _ => throw Unexpected(url, status),
        };
    }

    private Uri CheckNextLink(Uri current, string link, HashSet<string> seen)
    {
        var baseUrl = _options.NormalizedBaseUrl;
        if (!Uri.TryCreate(link, UriKind.Absolute, out var next))
        {
            throw Invalid(current, "next_collection_link is not an absolute URL.");
        }

        if (!string.Equals(next.Scheme, baseUrl.Scheme, StringComparison.OrdinalIgnoreCase)
            || !string.Equals(next.Host, baseUrl.Host, StringComparison.OrdinalIgnoreCase)
            || next.Port != baseUrl.Port)
        {
            throw Invalid(current, $"next_collection_link points outside {baseUrl.GetLeftPart(UriPartial.Authority)}: {next.GetLeftPart(UriPartial.Authority)}.");
        }

        if (!seen.Add(next.AbsoluteUri))
        {
            throw Invalid(current, "next_collection_link repeats a page already read.");
        }

        return next;
    }

    private async Task<(HttpStatusCode Status, byte[] Body)> GetAsync(Uri url, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await httpClient.GetAsync(url, cancellationToken);
            if (IsRedirect(response.StatusCode))
            {
                // Only a capitalised name gets a 301, and names are lowercased first; never follow one elsewhere.
                throw Invalid(url, $"unexpected redirect {(int)response.StatusCode} to {response.Headers.Location}.");
            }

            var body = response.StatusCode == HttpStatusCode.OK
                ? await response.Content.ReadAsByteArrayAsync(cancellationToken)
                : [];
            return (response.StatusCode, body);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or ExecutionRejectedException or OperationCanceledException)
        {
            // What reaches here has already been through the retries, timeouts and circuit breaker.
            Log.DirectoryUnavailable(logger, ex, url.AbsoluteUri, ex.GetType().Name);
            throw new DirectoryUnavailableException($"The directory did not answer {url.AbsoluteUri}: {ex.Message}", ex);
        }
    }

    private static bool IsRedirect(HttpStatusCode status) => (int)status is >= 300 and < 400 and not 304;

    private T Decode<T>(Uri url, Func<T> decode)
    {
        try
        {
            return decode();
        }
        catch (InvalidDirectoryResponseException ex)
        {
            Log.InvalidResponse(logger, url.AbsoluteUri, ex.Message);
            throw;
        }
    }

    private Exception Unexpected(Uri url, HttpStatusCode status)
    {
        var code = (int)status;
        if (code is 408 or 429 or >= 500)
        {
            Log.DirectoryUnavailable(logger, null, url.AbsoluteUri, $"HTTP {code}");
            return new DirectoryUnavailableException($"The directory answered {url.AbsoluteUri} with {code} after all retries.");
        }

        return Invalid(url, $"unexpected HTTP status {code}.");
    }

    private InvalidDirectoryResponseException Invalid(Uri url, string reason)
    {
        Log.InvalidResponse(logger, url.AbsoluteUri, reason);
        return new InvalidDirectoryResponseException($"{url.AbsoluteUri}: {reason}");
    }
}
