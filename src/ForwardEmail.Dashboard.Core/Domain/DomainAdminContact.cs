namespace ForwardEmail.Dashboard.Core.Domain;

/// <summary>An address that receives a domain's notifications (new alias, changes, removals).</summary>
public sealed class DomainAdminContact
{
    public int Id { get; set; }
    public int DomainId { get; set; }
    public MailDomain? Domain { get; set; }
    public required string Email { get; set; }
}
