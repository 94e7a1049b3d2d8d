using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ForwardEmail.Dashboard.IntegrationTests.MailRouting;

/// <summary>
/// A plain socketmap client over a real loopback TCP connection, with its own netstring parsing (not the server's), so
/// a framing bug on either side shows. Every read has a deadline: a test never hangs on a server that stays silent.
/// </summary>
public sealed class SocketmapClient : IAsyncDisposable
{
    public static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(10);

    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private readonly List<byte> _received = [];

    private SocketmapClient(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    public static async Task<SocketmapClient> ConnectAsync(int port)
    {
        var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        return new SocketmapClient(tcp);
    }

    public static byte[] Encode(string request)
    {
        var body = Encoding.UTF8.GetBytes(request);
        return [.. Encoding.ASCII.GetBytes(body.Length.ToString(CultureInfo.InvariantCulture) + ":"), .. body, (byte)','];
    }

    public async Task SendAsync(byte[] bytes) => await _stream.WriteAsync(bytes);

    public Task SendAsync(string raw) => SendAsync(Encoding.UTF8.GetBytes(raw));

    /// <summary>One request, one reply: e.g. <c>"OK amira@example.org"</c> for <c>"aliases amira-h@ubuntu.com"</c>.</summary>
    public async Task<string> AskAsync(string request)
    {
        await SendAsync(Encode(request));
        return await ReadReplyAsync() ?? throw new InvalidOperationException("The server closed the connection instead of answering.");
    }

    /// <summary>The next reply's text, or null when the server closed the connection before sending one.</summary>
    public async Task<string?> ReadReplyAsync()
    {
        using var timeout = new CancellationTokenSource(ReadTimeout);
        while (true)
        {
            if (TryParse(out var reply))
            {
                return reply;
            }

            var chunk = new byte[4096];
            var read = await _stream.ReadAsync(chunk, timeout.Token);
            if (read == 0)
            {
                return _received.Count == 0 ? null : throw new InvalidOperationException("Connection closed inside a reply: " + Encoding.UTF8.GetString([.. _received]));
            }

            _received.AddRange(chunk.AsSpan(0, read));
        }
    }

    /// <summary>True when the server closes the connection without sending anything more (within the read timeout).</summary>
    public async Task<bool> IsClosedByServerAsync() => await ReadReplyAsync() is null;

    private bool TryParse(out string reply)
    {
        reply = "";
        var colon = _received.IndexOf((byte)':');
        if (colon < 0)
        {
            return false;
        }

        var digits = Encoding.ASCII.GetString([.. _received.Take(colon)]);
        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit) || (digits.Length > 1 && digits[0] == '0'))
        {
            throw new InvalidOperationException("Not a netstring from the server: " + Encoding.UTF8.GetString([.. _received]));
        }

        var length = int.Parse(digits, CultureInfo.InvariantCulture);
        if (_received.Count < colon + 1 + length + 1)
        {
            return false;
        }

        if (_received[colon + 1 + length] != (byte)',')
        {
            throw new InvalidOperationException("Netstring from the server without its comma: " + Encoding.UTF8.GetString([.. _received]));
        }

        reply = Encoding.UTF8.GetString([.. _received.Skip(colon + 1).Take(length)]);
        _received.RemoveRange(0, colon + 1 + length + 1);
        return true;
    }

    public ValueTask DisposeAsync()
    {
        _tcp.Dispose();
        return ValueTask.CompletedTask;
    }
}
