namespace ForwardEmail.Dashboard.Core.Directory;

/// <summary>What the product reads of a directory (Launchpad) person or team entry.</summary>
/// <param name="Problem">
/// Set for a malformed entry inside a team listing (e.g. <c>is_valid</c> missing or not a boolean): the person is listed, but
/// nothing about them can be decided (<c>invalid-directory-response</c> for that person only); the flags are then meaningless.
/// </param>
public sealed record DirectoryPerson(string Name, string? DisplayName, bool IsValid, bool IsCocSigner, bool IsTeam, string? Problem = null)
{
    public bool IsMalformed => Problem is not null;
}

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
