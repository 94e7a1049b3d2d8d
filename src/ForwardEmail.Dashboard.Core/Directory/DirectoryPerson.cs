namespace ForwardEmail.Dashboard.Core.Directory;

/// <summary>What the product reads of a directory (Launchpad) person or team entry.</summary>
public sealed record DirectoryPerson(string Name, string? DisplayName, bool IsValid, bool IsCocSigner, bool IsTeam);

/// <summary>Outcome of a single person lookup; transient faults are exceptions (<see cref="DirectoryUnavailableException"/>), not results.</summary>
public enum PersonLookupStatus
{
    Found,
    /// <summary>404: unknown, renamed or merged account (<c>account-not-found</c>).</summary>
    NotFound,
    /// <summary>410: suspended account, treated as <c>account-not-valid</c>.</summary>
    Suspended,
}

public sealed record PersonLookup(PersonLookupStatus Status, DirectoryPerson? Person)
{
    public static PersonLookup Found(DirectoryPerson person) => new(PersonLookupStatus.Found, person);
    public static readonly PersonLookup NotFound = new(PersonLookupStatus.NotFound, null);
    public static readonly PersonLookup Suspended = new(PersonLookupStatus.Suspended, null);
}
