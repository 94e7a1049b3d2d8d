using System.Buffers;
using System.Text;
using ForwardEmail.Dashboard.Core.MailRouting;

namespace ForwardEmail.Dashboard.Core.Tests.MailRouting;

/// <summary>Netstring framing as the socketmap protocol uses it, including input split over several buffer segments.</summary>
public sealed class NetstringTests
{
    [Theory]
    [InlineData("0:,", "")]
    [InlineData("5:hello,", "hello")]
    [InlineData("12:hello world!,", "hello world!")]
    public void A_whole_netstring_is_read_and_consumed(string input, string expected)
    {
        var buffer = Bytes(input + "rest");
        var status = Netstring.TryRead(buffer, 100, out var payload, out var consumed);

        Assert.Equal(NetstringStatus.Complete, status);
        Assert.Equal(expected, Encoding.UTF8.GetString(payload));
        Assert.Equal("rest", Encoding.UTF8.GetString(buffer.Slice(consumed)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("5")]
    [InlineData("5:")]
    [InlineData("5:hell")]
    [InlineData("5:hello")]
    public void A_prefix_of_a_netstring_is_incomplete(string input) =>
        Assert.Equal(NetstringStatus.Incomplete, Netstring.TryRead(Bytes(input), 100, out _, out _));

    [Theory]
    [InlineData("x:")]
    [InlineData(":,")]
    [InlineData("05:hello,")]
    [InlineData("00:,")]
    [InlineData("5:hello!")]
    [InlineData("101:")]
    [InlineData("1000")]
    [InlineData("99999999999999999999999:")]
    public void Bad_digits_a_leading_zero_a_missing_comma_or_an_oversize_length_are_malformed(string input) =>
        Assert.Equal(NetstringStatus.Malformed, Netstring.TryRead(Bytes(input), 100, out _, out _));

    [Fact]
    public void A_netstring_spread_over_one_byte_segments_is_read_whole()
    {
        var input = Encoding.ASCII.GetBytes("11:aliases a@b,3:xyz,");
        var sequence = OneBytePerSegment(input);

        Assert.Equal(NetstringStatus.Complete, Netstring.TryRead(sequence, 100, out var first, out var consumed));
        Assert.Equal("aliases a@b", Encoding.ASCII.GetString(first));
        Assert.Equal(NetstringStatus.Complete, Netstring.TryRead(sequence.Slice(consumed), 100, out var second, out _));
        Assert.Equal("xyz", Encoding.ASCII.GetString(second));
    }

    [Fact]
    public void Encode_counts_bytes_not_characters()
    {
        Assert.Equal("9:NOTFOUND ,", Encoding.UTF8.GetString(Netstring.Encode("NOTFOUND ")));
        Assert.Equal("5:OK é,", Encoding.UTF8.GetString(Netstring.Encode("OK é")));
    }

    private static ReadOnlySequence<byte> Bytes(string text) => new(Encoding.UTF8.GetBytes(text));

    private static ReadOnlySequence<byte> OneBytePerSegment(byte[] bytes)
    {
        var first = new Segment(bytes.AsMemory(0, 1), 0);
        var last = first;
        for (var i = 1; i < bytes.Length; i++)
        {
            last = last.Append(bytes.AsMemory(i, 1));
        }

        return new ReadOnlySequence<byte>(first, 0, last, 1);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
