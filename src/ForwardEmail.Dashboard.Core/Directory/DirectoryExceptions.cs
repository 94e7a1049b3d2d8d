namespace ForwardEmail.Dashboard.Core.Directory;

/// <summary>The directory could not be reached or kept failing (timeouts, 5xx, 429, open circuit) after the resilience pipeline gave up. Transient.</summary>
public sealed class DirectoryUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The directory answered, but not with what the product needs (e.g. <c>is_valid</c> missing or not a boolean). Not retried within the call.</summary>
public sealed class InvalidDirectoryResponseException(string message) : Exception(message);

/// <summary>A username or team name that fails the Launchpad name syntax; raised before any request is made.</summary>
public sealed class InvalidDirectoryNameException(string name)
    : Exception($"'{name}' is not a valid Launchpad name.")
{
    public string Name { get; } = name;
}
