using ForwardEmail.Dashboard.Core.Directory;
using Microsoft.Extensions.DependencyInjection;

namespace ForwardEmail.Dashboard.IntegrationTests.Infrastructure;

/// <summary>A directory client with a bug: while <c>enabled()</c>, one person's request throws an exception no caller expects.</summary>
public sealed class ThrowingDirectoryClient(string name, Func<bool> enabled, IDirectoryClient inner) : IDirectoryClient
{
    public Task<PersonLookup> GetPersonAsync(string person, CancellationToken cancellationToken) =>
        enabled() && person == name
            ? throw new InvalidOperationException($"Unexpected failure looking up {person}.")
            : inner.GetPersonAsync(person, cancellationToken);

    public Task<IReadOnlyList<DirectoryPerson>> GetTeamParticipantsAsync(string team, CancellationToken cancellationToken) =>
        inner.GetTeamParticipantsAsync(team, cancellationToken);

    /// <summary>Wraps the registered <see cref="IDirectoryClient"/> (the typed HTTP client) for <paramref name="name"/>.</summary>
    public static void Decorate(IServiceCollection services, string name, Func<bool>? enabled = null)
    {
        var original = services.Last(d => d.ServiceType == typeof(IDirectoryClient));
        services.Remove(original);
        services.Add(ServiceDescriptor.Describe(typeof(IDirectoryClient),
            provider => new ThrowingDirectoryClient(name, enabled ?? (() => true), (IDirectoryClient)original.ImplementationFactory!(provider)),
            original.Lifetime));
    }
}
