using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace ForwardEmail.Dashboard.Core.Directory;

/// <summary>Launchpad name syntax (<c>^[a-z0-9][a-z0-9\+\.\-]+$</c>), shared by the client and provisioning step 1.</summary>
public static partial class LaunchpadName
{
    /// <summary>True when <paramref name="name"/>, with ASCII capitals lowercased, is a Launchpad name.</summary>
    public static bool IsValid([NotNullWhen(true)] string? name) => TryNormalize(name, out _);

    /// <summary>
    /// Lowercases ASCII capitals only, then checks the syntax. Culture-aware lowercasing is avoided on purpose:
    /// it would map look-alikes such as the Kelvin sign (U+212A) onto someone else's name.
    /// </summary>
    public static bool TryNormalize([NotNullWhen(true)] string? name, [NotNullWhen(true)] out string? normalized)
    {
        normalized = null;
        if (string.IsNullOrEmpty(name))
        {
            return false;
        }

        var lowered = string.Create(name.Length, name, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = c is >= 'A' and <= 'Z' ? (char)(c + ('a' - 'A')) : c;
            }
        });

        if (!Syntax().IsMatch(lowered))
        {
            return false;
        }

        normalized = lowered;
        return true;
    }

    /// <summary>The lowercased name, or <see cref="InvalidDirectoryNameException"/>.</summary>
    public static string Normalize(string name) =>
        TryNormalize(name, out var normalized) ? normalized : throw new InvalidDirectoryNameException(name);

    // \z rather than $: $ would also accept a trailing newline.
    [GeneratedRegex(@"^[a-z0-9][a-z0-9\+\.\-]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex Syntax();
}
