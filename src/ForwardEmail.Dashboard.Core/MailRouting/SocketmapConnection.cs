using System.Buffers;
using System.IO.Pipelines;
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
internal sealed partial class SocketmapConnection(
    Stream stream, MailRoutingLookup lookup, MailRoutingStatistics statistics, MailRoutingOptions options, TimeProvider time, ILogger logger)
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    public async Task RunAsync(CancellationToken stopping)
    {
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
        var replies = new ArrayBufferWriter<byte>();
        long? requestStarted = null;
        // One timer source for the connection, reset after each read: a new one per read costs more than the lookup.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                var wait = requestStarted is { } started ? options.RequestTimeout - time.GetElapsedTime(started) : options.IdleTimeout;
                if (wait <= TimeSpan.Zero)
                {
                    return;
                }

                timeout.CancelAfter(wait);
                var result = await reader.ReadAsync(timeout.Token);
                if (!timeout.TryReset())
                {
                    return;
                }

                var buffer = result.Buffer;
                var keepOpen = await AnswerBufferedAsync(ref buffer, replies, stopping);
                if (replies.WrittenCount > 0)
                {
                    await stream.WriteAsync(replies.WrittenMemory, stopping);
                    replies.ResetWrittenCount();
                }

                // The buffer may not be touched after AdvanceTo; what is left over is the start of the next request.
                var partialRequest = !buffer.IsEmpty;
                reader.AdvanceTo(buffer.Start, buffer.End);
                if (!keepOpen || result.IsCompleted)
                {
                    // Malformed, or the client closed (between requests or in the middle of one): nothing more to answer.
                    return;
                }

                requestStarted = partialRequest ? requestStarted ?? time.GetTimestamp() : null;
            }
        }
        catch (OperationCanceledException)
        {
            // Idle or slow client, or shutdown: close.
        }
        catch (IOException)
        {
            // The client went away while we wrote.
        }
        finally
        {
            await reader.CompleteAsync();
        }
    }

    /// <summary>Answers every whole request in <paramref name="buffer"/> and leaves it at the first unanswered byte; false to close.</summary>
    private ValueTask<bool> AnswerBufferedAsync(ref ReadOnlySequence<byte> buffer, ArrayBufferWriter<byte> replies, CancellationToken stopping)
    {
        var requests = new List<string>();
        var malformed = false;
        while (true)
        {
            var status = Netstring.TryRead(buffer, options.MaxRequestLength, out var payload, out var consumed);
            if (status == NetstringStatus.Incomplete)
            {
                break;
            }

            buffer = buffer.Slice(consumed);
            if (status == NetstringStatus.Malformed)
            {
                malformed = true;
                break;
            }

            requests.Add(Utf8.GetString(payload));
        }

        return AnswerAsync(requests, malformed, replies, stopping);
    }

    private async ValueTask<bool> AnswerAsync(List<string> requests, bool malformed, ArrayBufferWriter<byte> replies, CancellationToken stopping)
    {
        foreach (var request in requests)
        {
            var space = request.IndexOf(' ', StringComparison.Ordinal);
            if (space <= 0)
            {
                malformed = true;
                break;
            }

            var (map, key) = (request[..space], request[(space + 1)..]);
            if (!lookup.TryAnswerFromCache(map, key, out var reply))
            {
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stopping);
                deadline.CancelAfter(options.RequestTimeout);
                reply = await lookup.LookupAsync(map, key, deadline.Token);
            }

            Write(replies, reply);
        }

        if (malformed)
        {
            statistics.RecordProtocolError();
            LogMalformed(logger);
            Write(replies, SocketmapReply.Perm("malformed request"));
        }

        return !malformed;
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
