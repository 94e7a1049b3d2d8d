using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

namespace ForwardEmail.Dashboard.Web.Localization;

/// <summary>
/// A localized sentence whose values (usernames, codes, times) are each isolated in a <c>bdi</c>: in Arabic, a Latin
/// value next to punctuation or digits otherwise borrows the sentence's direction and is shown scrambled.
/// </summary>
public static class Isolated
{
    // Escapes markup only; Arabic and Thai text stays as it is.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static MarkupString Format(LocalizedString format, params object?[] values)
    {
        ArgumentNullException.ThrowIfNull(format);
        ArgumentNullException.ThrowIfNull(values);
        var isolated = values
            .Select(v => (object)$"<bdi>{Encoder.Encode(Convert.ToString(v, CultureInfo.CurrentCulture) ?? string.Empty)}</bdi>")
            .ToArray();
        return new MarkupString(string.Format(CultureInfo.CurrentCulture, Encoder.Encode(format.Value), isolated));
    }
}
