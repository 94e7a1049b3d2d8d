using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace ForwardEmail.Dashboard.Core.Directory;

/// <summary>
/// Launchpad name syntax (<c>^[a-z0-9][a-z0-9\+\.\-]+$</c>) and the one case folding for names from outside
/// (identity-provider claims, directory JSON, console input): every comparison of such names goes through here.
/// </summary>
public static partial class LaunchpadName
{
    /// <summary>Longest name accepted; the contributor and alias columns hold 64 characters.</summary>
    public const int MaxLength = 64;

    /// <summary>True when <paramref name="name"/>, with ASCII capitals lowercased, is a Launchpad name.</summary>
    public static bool IsValid([NotNullWhen(true)] string? name) => TryNormalize(name, out _);

    /// <summary>
    /// Lowercases ASCII capitals only, then checks the syntax. Culture-aware lowercasing is avoided on purpose:
    /// it would map look-alikes such as the Kelvin sign (U+212A) onto someone else's name.
    /// </summary>
    public static bool TryNormalize([NotNullWhen(true)] string? name, [NotNullWhen(true)] out string? normalized)
    {
        normalized = null;
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength)
        {
            return false;
        }

        var lowered = FoldCase(name);
        if (!Syntax().IsMatch(lowered))
        {
            return false;
        }

        normalized = lowered;
        return true;
    }

    /// <summary>
    /// Lowercases ASCII capitals and nothing else, so a look-alike (Kelvin sign, dotless i, fullwidth letters) stays
    /// distinct from the ASCII name it imitates and then fails the syntax; <see cref="string.ToLowerInvariant"/> would
    /// turn U+212A into <c>k</c>.
    /// </summary>
    public static string FoldCase(string value) =>
        string.Create(value.Length, value, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = c is >= 'A' and <= 'Z' ? (char)(c + ('a' - 'A')) : c;
            }
        });

    /// <summary>A name from outside with one leading <c>~</c> (team notation) and surrounding spaces removed, folded.</summary>
    public static string FoldTeamOrPerson(string value) => FoldCase(value.Trim().TrimStart('~'));

    /// <summary>The lowercased name, or <see cref="InvalidDirectoryNameException"/>.</summary>
    public static string Normalize(string name) =>
        TryNormalize(name, out var normalized) ? normalized : throw new InvalidDirectoryNameException(name);

    // \z rather than $: $ would also accept a trailing newline.
    [GeneratedRegex(@"^[a-z0-9][a-z0-9\+\.\-]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex Syntax();
}
