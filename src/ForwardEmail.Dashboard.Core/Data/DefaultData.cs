namespace ForwardEmail.Dashboard.Core.Data;

/// <summary>The domains and teams of PRODUCT.md section 2, seeded on first start and edited live by admins afterwards.</summary>
public static class DefaultData
{
    public static readonly IReadOnlyList<(string Domain, string Team)> DomainTeams =
    [
        ("ubuntu.com", "ubuntumembers"),
        ("kubuntu.org", "kubuntu-members"),
        ("lubuntu.me", "lubuntu-members"),
        ("edubuntu.org", "edubuntu-members"),
        ("ubuntustudio.com", "ubuntustudio-core"),
        ("ubuntu.net", "ubuntu-smtp-test"),
    ];
}
