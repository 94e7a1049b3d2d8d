using ForwardEmail.Dashboard.Core.Audit;
using ForwardEmail.Dashboard.Core.Data;
using ForwardEmail.Dashboard.Core.Live;
using ForwardEmail.Dashboard.Core.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ForwardEmail.Dashboard.Core.Domains;

/// <summary>What one check concluded.</summary>
public sealed record DomainCheckResult(
    int DomainId,
    bool Checked,
    DomainVerificationState Verification,
    MxState Mx,
    string? Error);

/// <summary>
/// Checks a domain's ownership (TXT <c>forward-email-site-verification=&lt;code&gt;</c> at the apex), its MX hosts and,
/// for information, its SPF and DMARC records, with real DNS queries; on demand and from the scheduled re-check.
/// A domain that loses its record stops provisioning new aliases (state <see cref="DomainVerificationState.Lost"/>,
/// existing aliases kept) and its admin contacts are told once; when the record comes back it is verified again.
/// A check that gets no answer changes no state: one silent name server never flags a domain as lost.
/// </summary>
public sealed partial class DomainCheckService(
    IDbContextFactory<DashboardDbContext> dbFactory,
    IDomainDnsLookup dns,
    IOptions<DnsOptions> options,
    IDashboardChangeNotifier changes,
    TimeProvider time,
    ILogger<DomainCheckService> logger)
{
    public const string VerificationPrefix = "forward-email-site-verification=";
    public const string CheckedAction = "domain.checked";
    public const string SystemActor = "system";

    /// <summary>The TXT record an admin publishes at the domain apex.</summary>
    public static string VerificationRecord(string code) => VerificationPrefix + code;

    public async Task<DomainCheckResult> CheckAsync(int domainId, string actor, CancellationToken cancellationToken)
    {
        string name;
        await using (var read = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            name = await read.Domains.Where(d => d.Id == domainId).Select(d => d.Name).SingleOrDefaultAsync(cancellationToken)
                ?? throw new KeyNotFoundException($"Domain {domainId} does not exist.");
        }

        // Asked outside any transaction: DNS can take seconds, a transaction should not.
        DomainDnsRecords? records = null;
        string? error = null;
        try
        {
            records = await dns.LookupAsync(name, cancellationToken);
        }
        catch (DnsCheckFailedException ex)
        {
            error = Truncate(ex.Message, 512);
            LogCheckFailed(logger, name, ex.Message);
        }

        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var strategy = db.Database.CreateExecutionStrategy();
        var result = await strategy.ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            var domain = await db.Domains.Include(d => d.AdminContacts).SingleAsync(d => d.Id == domainId, ct);
            var before = DomainDnsSnapshot.Of(domain);
            domain.VerificationCheckedAt = now;
            domain.DnsCheckError = error;
            if (records is not null)
            {
                Apply(domain, records, now, db);
            }

            var after = DomainDnsSnapshot.Of(domain);
            if (before != after)
            {
                db.AuditEntries.Add(AuditLog.Create(actor, CheckedAction, AuditLog.DomainTarget, domain.Name, before, after, now));
            }

            await db.SaveChangesAsync(ct);
            return new DomainCheckResult(domain.Id, records is not null, domain.VerificationState, domain.MxState, error);
        }, cancellationToken);

        changes.DomainChanged(domainId);
        return result;
    }

    /// <summary>The scheduled re-check of every domain; one domain's failure is that domain's, the others are still checked.</summary>
    public async Task<IReadOnlyList<DomainCheckResult>> CheckAllAsync(CancellationToken cancellationToken)
    {
        List<int> ids;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            ids = await db.Domains.OrderBy(d => d.Id).Select(d => d.Id).ToListAsync(cancellationToken);
        }

        var results = new List<DomainCheckResult>(ids.Count);
        foreach (var id in ids)
        {
            results.Add(await CheckAsync(id, SystemActor, cancellationToken));
        }

        return results;
    }

    private void Apply(Domain.MailDomain domain, DomainDnsRecords records, DateTimeOffset now, DashboardDbContext db)
    {
        var expected = VerificationRecord(domain.VerificationCode);
        var found = records.ApexTxt.Any(t => string.Equals(t.Trim(), expected, StringComparison.Ordinal));
        switch (found, domain.VerificationState)
        {
            case (true, not DomainVerificationState.Verified):
                domain.VerificationState = DomainVerificationState.Verified;
                domain.VerifiedAt = now;
                domain.VerificationLostAt = null;
                LogVerified(logger, domain.Name);
                break;
            case (false, DomainVerificationState.Verified):
                // Told once: the transition happens once per loss; Lost stays Lost without further mail.
                domain.VerificationState = DomainVerificationState.Lost;
                domain.VerificationLostAt = now;
                db.Outbox.AddRange(DomainNotifications.VerificationLost(domain.AdminContacts.Select(c => c.Email), domain.Name, expected, now));
                LogLost(logger, domain.Name);
                break;
        }

        domain.MxHosts = records.MxHosts.Count == 0 ? null : Truncate(string.Join(",", records.MxHosts), 1024);
        domain.MxState = MxStateOf(records.MxHosts, options.Value.ExpectedMxHosts);
        domain.MxCheckedAt = now;
        domain.SpfRecord = Truncate(records.ApexTxt.FirstOrDefault(t => t.TrimStart().StartsWith("v=spf1", StringComparison.OrdinalIgnoreCase)), 1024);
        domain.DmarcRecord = Truncate(records.DmarcTxt.FirstOrDefault(t => t.TrimStart().StartsWith("v=DMARC1", StringComparison.OrdinalIgnoreCase)), 1024);
    }

    /// <summary>Missing without MX records; Ok when they name exactly the expected hosts (or any, when none are configured).</summary>
    public static MxState MxStateOf(IReadOnlyCollection<string> found, IReadOnlyCollection<string> expected)
    {
        if (found.Count == 0)
        {
            return MxState.Missing;
        }

        if (expected.Count == 0)
        {
            return MxState.Ok;
        }

        var wanted = expected.Select(DomainName.Fold).ToHashSet(StringComparer.Ordinal);
        return wanted.SetEquals(found.Select(DomainName.Fold)) ? MxState.Ok : MxState.Wrong;
    }

    private static string? Truncate(string? value, int length) => value is null || value.Length <= length ? value : value[..length];

    private sealed record DomainDnsSnapshot(DomainVerificationState Verification, MxState Mx, string? MxHosts, string? Spf, string? Dmarc, string? Error)
    {
        public static DomainDnsSnapshot Of(Domain.MailDomain d) => new(d.VerificationState, d.MxState, d.MxHosts, d.SpfRecord, d.DmarcRecord, d.DnsCheckError);
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Domain {Domain} verified: its TXT record was found")]
    private static partial void LogVerified(ILogger logger, string domain);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Domain {Domain} lost its verification TXT record: no new aliases until it is back")]
    private static partial void LogLost(ILogger logger, string domain);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "Could not check domain {Domain} in DNS: {Reason}")]
    private static partial void LogCheckFailed(ILogger logger, string domain, string reason);
}
