using System.Diagnostics.CodeAnalysis;
using System.Text;
using ForwardEmail.Dashboard.Core.Domains;

namespace ForwardEmail.Dashboard.Core.MailRouting;

/// <summary>
/// A recipient address as Postfix looks it up, split into the local part and folded domain the alias table uses. Odd
/// keys never fail the lookup: they parse to something no alias matches (or to nothing at all) and get <c>NOTFOUND</c>.
/// </summary>
public static class MailAddressKey
{
    /// <summary>Longer than any address SMTP allows (RFC 5321: 64 + 1 + 255), so not one of ours.</summary>
    public const int MaxLength = 320;

    /// <summary>
    /// Splits at the last <c>@</c>. The domain is folded as <see cref="DomainName.Fold"/> does (case, trailing dot); the
    /// local part loses the quotes of a quoted string (<c>"amira-h"@ubuntu.com</c>) and is lower-cased like alias names.
    /// False for the null sender (empty key), a bare local part or <c>@domain</c>, and over-long keys.
    /// </summary>
    public static bool TryParse(string key, [NotNullWhen(true)] out string? localPart, [NotNullWhen(true)] out string? domain)
    {
        localPart = null;
        domain = null;
        if (key.Length is 0 or > MaxLength)
        {
            return false;
        }

        var at = key.LastIndexOf('@');
        if (at <= 0 || at == key.Length - 1)
        {
            return false;
        }

        domain = DomainName.Fold(key[(at + 1)..]);
        localPart = Directory.LaunchpadName.FoldCase(Unquote(key[..at]));
        return localPart.Length > 0 && domain.Length > 0;
    }

    /// <summary>The domain key of the <c>domains</c> map, folded the same way.</summary>
    public static string? FoldDomain(string key) =>
        key.Length is 0 or > DomainName.MaxLength + 1 ? null : DomainName.Fold(key) is { Length: > 0 } folded ? folded : null;

    private static string Unquote(string local)
    {
        if (local.Length < 2 || local[0] != '"' || local[^1] != '"')
        {
            return local;
        }

        var text = new StringBuilder(local.Length);
        for (var i = 1; i < local.Length - 1; i++)
        {
            if (local[i] == '\\' && i + 1 < local.Length - 1)
            {
                i++;
            }

            text.Append(local[i]);
        }

        return text.ToString();
    }
}
