namespace ForwardEmail.Dashboard.Core.Directory;

/// <summary>Reads the external directory (the Launchpad web API 1.0, PRODUCT.md section 5).</summary>
public interface IDirectoryClient
{
    /// <summary><c>GET {base}~{name}</c>. Throws <see cref="InvalidDirectoryNameException"/> before any request for a bad name.</summary>
    Task<PersonLookup> GetPersonAsync(string name, CancellationToken cancellationToken);

    /// <summary>
    /// <c>GET {base}~{team}/participants</c>, every page followed; sub-teams skipped, people only.
    /// An empty listing is returned as empty: deciding that it is a fault is the caller's job (removal circuit breaker).
    /// </summary>
    Task<IReadOnlyList<DirectoryPerson>> GetTeamParticipantsAsync(string team, CancellationToken cancellationToken);
}
