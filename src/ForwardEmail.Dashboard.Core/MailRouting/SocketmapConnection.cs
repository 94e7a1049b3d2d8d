using System.Buffers;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;

namespace ForwardEmail.Dashboard.Core.MailRouting;

/// <summary>
/// One client's connection: netstring requests <c>name key</c> in, one netstring reply each, in order. Requests may be
/// pipelined or split over any number of reads. The connection is closed when the client closes it, after
/// <see cref="MailRoutingOptions.IdleTimeout"/> without a request, when a request takes longer than
/// <see cref="MailRoutingOptions.RequestTimeout"/> to arrive, and after a malformed request (with a <c>PERM</c> reply,
/// because there is no way to find the start of the next request).
/// </summary>
/// <remarks>
/// It runs on a thread of its own with blocking receives (docs/benchmarks.md, mail routing): Postfix waits for every
/// answer, and waking the thread blocked in <c>recv</c> directly is one context switch fewer per request than an async
/// read completing on the socket engine and continuing on the thread pool. Postfix keeps one connection per process, so
/// there are few (at most <see cref="MailRoutingOptions.MaxConnections"/>).
/// </remarks>
internal sealed partial class SocketmapConnection(
    Socket socket, MailRoutingLookup lookup, MailRoutingStatistics statistics, MailRoutingOptions options, ILogger logger)
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private byte[] _buffer = new byte[4096];
    private int _buffered;
    private int _receiveTimeout = -1;

    public void Run(CancellationToken stopping)
    {
        // Disposing the socket is what wakes a blocked receive at shutdown.
        using var closeAtShutdown = stopping.Register(socket.Dispose);
        var replies = new ArrayBufferWriter<byte>();
        long? requestStarted = null;
        while (!stopping.IsCancellationRequested)
        {
            // Socket deadlines run on the machine's monotonic clock, not the app's TimeProvider (a test's fake clock stands still).
            var wait = requestStarted is { } started ? options.RequestTimeout - Stopwatch.GetElapsedTime(started) : options.IdleTimeout;
            if (wait <= TimeSpan.Zero || !TryReceive(wait, out var closed))
            {
                return; // Idle or slow client, or gone.
            }

            var buffer = new ReadOnlySequence<byte>(_buffer, 0, _buffered);
            var keepOpen = AnswerBuffered(ref buffer, replies, stopping);
            if (replies.WrittenCount > 0)
            {
                socket.Send(replies.WrittenSpan);
                replies.ResetWrittenCount();
            }

            Keep((int)buffer.Length);
            if (!keepOpen || closed)
            {
                // Malformed, or the client closed (between requests or in the middle of one): nothing more to answer.
                return;
            }

            requestStarted = _buffered > 0 ? requestStarted ?? Stopwatch.GetTimestamp() : null;
        }
    }

    /// <summary>One blocking receive into the buffer; false when it timed out or the connection failed.</summary>
    private bool TryReceive(TimeSpan wait, out bool closed)
    {
        closed = false;
        if (_buffered == _buffer.Length)
        {
            // Bounded: a request longer than MaxRequestLength is refused as soon as its length is read.
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        var timeout = (int)Math.Ceiling(wait.TotalMilliseconds);
        if (timeout != _receiveTimeout)
        {
            socket.ReceiveTimeout = _receiveTimeout = timeout;
        }

        try
        {
            var read = socket.Receive(_buffer, _buffered, _buffer.Length - _buffered, SocketFlags.None);
            _buffered += read;
            closed = read == 0;
            return true;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>Moves the unanswered last <paramref name="remaining"/> bytes to the front of the buffer.</summary>
    private void Keep(int remaining)
    {
        if (remaining > 0 && remaining != _buffered)
        {
            Buffer.BlockCopy(_buffer, _buffered - remaining, _buffer, 0, remaining);
        }

        _buffered = remaining;
    }

    /// <summary>Answers every whole request in <paramref name="buffer"/> and leaves it at the first unanswered byte; false to close.</summary>
    private bool AnswerBuffered(ref ReadOnlySequence<byte> buffer, ArrayBufferWriter<byte> replies, CancellationToken stopping)
    {
        while (true)
        {
            var status = Netstring.TryRead(buffer, options.MaxRequestLength, out var payload, out var consumed);
            if (status == NetstringStatus.Incomplete)
            {
                return true;
            }

            buffer = buffer.Slice(consumed);
            if (status == NetstringStatus.Malformed || !TryAnswer(Utf8.GetString(payload), replies, stopping))
            {
                statistics.RecordProtocolError();
                LogMalformed(logger);
                Write(replies, SocketmapReply.Perm("malformed request"));
                return false;
            }
        }
    }

    private bool TryAnswer(string request, ArrayBufferWriter<byte> replies, CancellationToken stopping)
    {
        var space = request.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0)
        {
            return false;
        }

        var (map, key) = (request[..space], request[(space + 1)..]);
        if (!lookup.TryAnswerFromCache(map, key, out var reply))
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            deadline.CancelAfter(options.RequestTimeout);
            // This thread belongs to the connection, so waiting here blocks nobody else.
            reply = lookup.LookupAsync(map, key, deadline.Token).GetAwaiter().GetResult();
        }

        Write(replies, reply);
        return true;
    }

    private void Write(ArrayBufferWriter<byte> replies, SocketmapReply reply)
    {
        var bytes = Netstring.Encode(reply.ToString());
        if (bytes.Length > MailRoutingOptions.MaxReplyLength)
        {
            // Postfix would refuse it anyway; an alias with that many recipients is a data problem to see in the log.
            LogReplyTooLong(logger, bytes.Length);
            bytes = Netstring.Encode(SocketmapReply.Perm("reply too long").ToString());
        }

        replies.Write(bytes);
    }

    [LoggerMessage(EventId = 4110, Level = LogLevel.Information, Message = "Mail routing: malformed socketmap request, connection closed with PERM")]
    private static partial void LogMalformed(ILogger logger);

    [LoggerMessage(EventId = 4111, Level = LogLevel.Warning, Message = "Mail routing: a reply of {Length} bytes is over the socketmap limit; replied PERM")]
    private static partial void LogReplyTooLong(ILogger logger, int length);
}
