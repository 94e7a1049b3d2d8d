namespace ForwardEmail.Dashboard.Core.Domain;

/// <summary>
/// An alias notification to a domain's admin contacts that a reconciliation wrote in the contributor's own transaction but holds
/// back, in case the run changes so many aliases on the domain that the contacts get one digest instead (PRODUCT.md section 3,
/// step 6). The end of the run (or, after a crash, the start of the next one) turns the candidates of each domain into either
/// their outbox messages or one digest, and deletes them, in one transaction. See docs/decisions/ADR-004-digest-mail.md.
/// </summary>
public sealed class DigestCandidate
{
    public long Id { get; set; }

    /// <summary>The reconciliation run that wrote it.</summary>
    public required string RunId { get; set; }
    public int DomainId { get; set; }
    public required string DomainName { get; set; }

    /// <summary>The alias the message is about; a digest counts distinct addresses against the threshold.</summary>
    public required string Address { get; set; }
    public required string To { get; set; }
    public required string Subject { get; set; }
    public required string Body { get; set; }
    public required string Kind { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
