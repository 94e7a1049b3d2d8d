using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace ForwardEmail.Dashboard.Core.Domains;

/// <summary>
/// DNS host names as admins type them: ASCII letters, digits and hyphens in labels of 1 to 63 characters, at least two
/// labels, at most 253 characters, lower-cased (ASCII only) and without a trailing dot. An internationalised domain is
/// entered in its <c>xn--</c> form.
/// </summary>
public static partial class DomainName
{
    public const int MaxLength = 253;

    public static bool TryNormalize([NotNullWhen(true)] string? value, [NotNullWhen(true)] out string? normalized)
    {
        normalized = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        var candidate = Fold(value);
        if (candidate.Length is 0 or > MaxLength || !Syntax().IsMatch(candidate))
        {
            return false;
        }

        normalized = candidate;
        return true;
    }

    /// <summary>
    /// A host name as DNS or an admin writes it, compared form: ASCII capitals folded (as for Launchpad names, never
    /// culture-aware), surrounding spaces and the root's trailing dot removed. No syntax check.
    /// </summary>
    public static string Fold(string value) => Directory.LaunchpadName.FoldCase(value.Trim()).TrimEnd('.');

    // Each label: starts and ends with a letter or digit; the last label (TLD) has a letter.
    [GeneratedRegex(@"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?=[a-z0-9-]*[a-z])[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\z", RegexOptions.CultureInvariant)]
    private static partial Regex Syntax();
}
