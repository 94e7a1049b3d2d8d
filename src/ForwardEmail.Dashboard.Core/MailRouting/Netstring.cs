using System.Buffers;
using System.Globalization;
using System.Text;

namespace ForwardEmail.Dashboard.Core.MailRouting;

/// <summary>What <see cref="Netstring.TryRead"/> found at the start of the buffered bytes.</summary>
public enum NetstringStatus
{
    /// <summary>Not a whole netstring yet; read more (a request may arrive split over any number of reads).</summary>
    Incomplete,
    Complete,
    /// <summary>Not a netstring, or longer than allowed: the connection cannot be resynchronised and is closed.</summary>
    Malformed,
}

/// <summary>
/// D. J. Bernstein's netstrings (<c>[len]":"[string]","</c>), which Postfix's socketmap protocol frames requests and
/// replies in. Per the specification, <c>[len]</c> is decimal ASCII digits without leading zeros ("0" only for the
/// empty string), so a leading zero is malformed.
/// </summary>
public static class Netstring
{
    /// <summary>
    /// Reads one netstring from the start of <paramref name="buffer"/>. On <see cref="NetstringStatus.Complete"/>,
    /// <paramref name="payload"/> is its content and <paramref name="consumed"/> is where the next one starts.
    /// A declared length over <paramref name="maxLength"/> is malformed as soon as its digits are seen, before any data.
    /// </summary>
    public static NetstringStatus TryRead(
        ReadOnlySequence<byte> buffer, int maxLength, out ReadOnlySequence<byte> payload, out SequencePosition consumed)
    {
        payload = default;
        consumed = buffer.Start;
        var reader = new SequenceReader<byte>(buffer);
        long length = 0;
        var digits = 0;
        while (true)
        {
            if (!reader.TryRead(out var b))
            {
                return NetstringStatus.Incomplete;
            }

            if (b == ':')
            {
                break;
            }

            if (b is < (byte)'0' or > (byte)'9' || (digits == 1 && length == 0))
            {
                return NetstringStatus.Malformed;
            }

            length = length * 10 + (b - '0');
            digits++;
            if (length > maxLength)
            {
                return NetstringStatus.Malformed;
            }
        }

        if (digits == 0)
        {
            return NetstringStatus.Malformed;
        }

        if (reader.Remaining < length + 1)
        {
            return NetstringStatus.Incomplete;
        }

        var start = reader.Position;
        reader.Advance(length);
        var end = reader.Position;
        reader.TryRead(out var comma);
        if (comma != ',')
        {
            return NetstringStatus.Malformed;
        }

        payload = buffer.Slice(start, end);
        consumed = reader.Position;
        return NetstringStatus.Complete;
    }

    /// <summary>The netstring of <paramref name="text"/> in UTF-8.</summary>
    public static byte[] Encode(string text)
    {
        var body = Encoding.UTF8.GetBytes(text);
        var prefix = Encoding.ASCII.GetBytes(body.Length.ToString(CultureInfo.InvariantCulture) + ":");
        var result = new byte[prefix.Length + body.Length + 1];
        prefix.CopyTo(result, 0);
        body.CopyTo(result, prefix.Length);
        result[^1] = (byte)',';
        return result;
    }
}
