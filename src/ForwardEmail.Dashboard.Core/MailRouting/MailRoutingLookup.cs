using System.Diagnostics.CodeAnalysis;
using ForwardEmail.Dashboard.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ForwardEmail.Dashboard.Core.MailRouting;

/// <summary>
/// Answers Postfix's two maps from the live tables: <c>domains</c> (enabled domains that are or were verified) and
/// <c>aliases</c> (<c>local@domain</c> to the recipients of an enabled alias). Well-formed keys always get <c>OK</c> or
/// <c>NOTFOUND</c> unless the database is down and nothing about the key is known, because a wrong <c>TEMP</c> or
/// <c>PERM</c> makes Postfix defer all mail for that recipient.
/// </summary>
public sealed partial class MailRoutingLookup(
    IDbContextFactory<DashboardDbContext> contexts,
    MailRoutingCache cache,
    MailRoutingStatistics statistics,
    IOptions<MailRoutingOptions> options,
    ILogger<MailRoutingLookup> logger)
{
    public const string AliasesMap = "aliases";
    public const string DomainsMap = "domains";

    private readonly MailRoutingOptions _options = options.Value;

    public async Task<SocketmapReply> LookupAsync(string map, string key, CancellationToken cancellationToken)
    {
        if (TryAnswerFromCache(map, key, out var cached))
        {
            return cached;
        }

        switch (map)
        {
            case AliasesMap:
                return await LookupAliasAsync(key, cancellationToken);
            case DomainsMap:
                return await LookupDomainAsync(key, cancellationToken);
            default:
                // A typo in main.cf: PERM makes Postfix report a table error and defer, where NOTFOUND would bounce mail.
                return SocketmapReply.Perm("unknown map " + Printable(map));
        }
    }

    /// <summary>
    /// The answer when the cache has a fresh one (or the key is plainly not ours), without a task or a deadline: Postfix
    /// asks about the same few addresses several times per message, so this is the common path.
    /// </summary>
    public bool TryAnswerFromCache(string map, string key, [NotNullWhen(true)] out SocketmapReply? reply)
    {
        reply = null;
        var domains = cache.Domains;
        if (domains is null || !cache.IsFresh(domains, _options.CacheLifetime))
        {
            return false;
        }

        if (map == DomainsMap)
        {
            var domain = MailAddressKey.FoldDomain(key);
            reply = domain is not null && domains.Value.ContainsKey(domain)
                ? Answer(LookupOutcome.Hit, SocketmapReply.Ok(domain))
                : Answer(LookupOutcome.Foreign, SocketmapReply.NotFound);
            return true;
        }

        if (map != AliasesMap)
        {
            return false;
        }

        if (!MailAddressKey.TryParse(key, out var local, out var aliasDomain) || !domains.Value.ContainsKey(aliasDomain))
        {
            reply = Answer(LookupOutcome.Foreign, SocketmapReply.NotFound);
            return true;
        }

        var alias = cache.Alias(local + "@" + aliasDomain);
        if (alias is null || !cache.IsFresh(alias, _options.CacheLifetime))
        {
            return false;
        }

        reply = alias.Value is null ? Answer(LookupOutcome.Miss, SocketmapReply.NotFound) : Answer(LookupOutcome.Hit, SocketmapReply.Ok(alias.Value));
        return true;
    }

    private async Task<SocketmapReply> LookupDomainAsync(string key, CancellationToken cancellationToken)
    {
        var domain = MailAddressKey.FoldDomain(key);
        if (domain is null)
        {
            return Answer(LookupOutcome.Foreign, SocketmapReply.NotFound);
        }

        var (domains, stale) = await DomainsAsync(cancellationToken);
        if (domains is null)
        {
            return Answer(LookupOutcome.Temp, SocketmapReply.Temp("database unavailable"));
        }

        var reply = domains.ContainsKey(domain) ? SocketmapReply.Ok(domain) : SocketmapReply.NotFound;
        return Answer(stale ? LookupOutcome.Stale : reply.Status == "OK" ? LookupOutcome.Hit : LookupOutcome.Foreign, reply);
    }

    private async Task<SocketmapReply> LookupAliasAsync(string key, CancellationToken cancellationToken)
    {
        if (!MailAddressKey.TryParse(key, out var local, out var domain))
        {
            return Answer(LookupOutcome.Foreign, SocketmapReply.NotFound);
        }

        var (domains, staleDomains) = await DomainsAsync(cancellationToken);
        if (domains is null)
        {
            return Answer(LookupOutcome.Temp, SocketmapReply.Temp("database unavailable"));
        }

        if (!domains.TryGetValue(domain, out var domainId))
        {
            return Answer(staleDomains ? LookupOutcome.Stale : LookupOutcome.Foreign, SocketmapReply.NotFound);
        }

        var address = local + "@" + domain;
        var cached = cache.Alias(address);
        string? recipients;
        var stale = staleDomains;
        if (cached is not null && cache.IsFresh(cached, _options.CacheLifetime))
        {
            recipients = cached.Value;
        }
        else
        {
            var generation = cache.Generation;
            // Any failure to read counts, the request's deadline included: answering from memory beats deferring mail.
            try
            {
                recipients = await ReadRecipientsAsync(domainId, local, cancellationToken);
                cache.StoreAlias(address, recipients, generation, _options.MaxCachedAnswers);
            }
            catch (Exception ex)
            {
                if (cached is null)
                {
                    LogNoAnswer(logger, ex, address);
                    return Answer(LookupOutcome.Temp, SocketmapReply.Temp("database unavailable"));
                }

                LogLastKnown(logger, ex, address);
                recipients = cached.Value;
                stale = true;
            }
        }

        var reply = recipients is null ? SocketmapReply.NotFound : SocketmapReply.Ok(recipients);
        return Answer(stale ? LookupOutcome.Stale : recipients is null ? LookupOutcome.Miss : LookupOutcome.Hit, reply);
    }

    /// <summary>The routable domains, from the cache or the database; the last-known set (stale) when the database fails.</summary>
    private async Task<(IReadOnlyDictionary<string, int>? Domains, bool Stale)> DomainsAsync(CancellationToken cancellationToken)
    {
        var cached = cache.Domains;
        if (cached is not null && cache.IsFresh(cached, _options.CacheLifetime))
        {
            return (cached.Value, false);
        }

        var generation = cache.Generation;
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            // Lost: the TXT record disappeared; no new aliases, but existing ones keep receiving mail (MailDomain).
            var rows = await db.Domains.AsNoTracking()
                .Where(d => d.IsEnabled && (d.VerificationState == DomainVerificationState.Verified || d.VerificationState == DomainVerificationState.Lost))
                .Select(d => new { d.Id, d.Name })
                .ToListAsync(cancellationToken);
            var domains = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var row in rows)
            {
                domains[Domains.DomainName.Fold(row.Name)] = row.Id;
            }

            cache.StoreDomains(domains, generation);
            return (domains, false);
        }
        catch (Exception ex)
        {
            LogDomainsLastKnown(logger, ex, cached is not null);
            return (cached?.Value, cached is not null);
        }
    }

    private async Task<string?> ReadRecipientsAsync(int domainId, string local, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var alias = await db.Aliases.AsNoTracking()
            .Where(a => a.DomainId == domainId && a.Name == local)
            .Select(a => new { a.IsEnabled, a.Recipients })
            .FirstOrDefaultAsync(cancellationToken);
        return alias is { IsEnabled: true, Recipients.Count: > 0 } ? string.Join(",", alias.Recipients) : null;
    }

    private SocketmapReply Answer(LookupOutcome outcome, SocketmapReply reply)
    {
        statistics.Record(outcome);
        return reply;
    }

    private static string Printable(string text) =>
        new([.. text.Take(64).Select(c => char.IsControl(c) ? '?' : c)]);

    [LoggerMessage(EventId = 4100, Level = LogLevel.Warning, Message = "Mail routing: no answer for {Address}, the database did not respond; replying TEMP")]
    private static partial void LogNoAnswer(ILogger logger, Exception exception, string address);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Mail routing: the database did not respond; answering {Address} from the last-known answer")]
    private static partial void LogLastKnown(ILogger logger, Exception exception, string address);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "Mail routing: the database did not respond for the domain list (last-known list available: {HaveLastKnown})")]
    private static partial void LogDomainsLastKnown(ILogger logger, Exception exception, bool haveLastKnown);
}
