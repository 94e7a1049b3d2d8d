namespace ForwardEmail.Dashboard.Core.Domain;

/// <summary>An email domain the organisation hands out aliases on (PRODUCT.md section 2).</summary>
public sealed class MailDomain
{
    public int Id { get; set; }
    public required string Name { get; set; }

    /// <summary>Expected in a DNS TXT record <c>forward-email-site-verification=&lt;code&gt;</c>.</summary>
    public required string VerificationCode { get; set; }
    public DomainVerificationState VerificationState { get; set; } = DomainVerificationState.Pending;
    public DateTimeOffset? VerifiedAt { get; set; }
    public DateTimeOffset? VerificationCheckedAt { get; set; }

    /// <summary>When a verified domain's TXT record was found missing (state <see cref="DomainVerificationState.Lost"/>).</summary>
    public DateTimeOffset? VerificationLostAt { get; set; }

    /// <summary>Why the last DNS check could not conclude anything (no answer, server failure); null after a good check.</summary>
    public string? DnsCheckError { get; set; }

    public MxState MxState { get; set; } = MxState.Unknown;
    public DateTimeOffset? MxCheckedAt { get; set; }

    /// <summary>The MX hosts found at the last check, by preference, comma-separated.</summary>
    public string? MxHosts { get; set; }

    /// <summary>The domain's SPF record (<c>v=spf1 …</c>) and DMARC policy (<c>v=DMARC1 …</c>) as found, informational.</summary>
    public string? SpfRecord { get; set; }

    public string? DmarcRecord { get; set; }
    public bool IsEnabled { get; set; } = true;

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public TeamMapping? TeamMapping { get; set; }
    public List<DomainAdminContact> AdminContacts { get; set; } = [];
    public List<Alias> Aliases { get; set; } = [];

    /// <summary>Only verified, enabled domains provision new aliases.</summary>
    public bool CanProvision => IsEnabled && VerificationState == DomainVerificationState.Verified;
}

public enum DomainVerificationState
{
    Pending,
    Verified,
    /// <summary>Was verified, the TXT record has since disappeared: no new aliases, existing ones kept.</summary>
    Lost,
}

public enum MxState
{
    Unknown,
    Ok,
    Missing,
    /// <summary>MX records exist but name other hosts than the organisation's mail setup expects.</summary>
    Wrong,
}
