using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ForwardEmail.Dashboard.Core.MailRouting;

/// <summary>
/// Postfix's socketmap lookup service (docs/mail-routing.md) on TCP or a Unix socket. It binds in
/// <see cref="StartAsync"/>, so a port already taken stops the host at start instead of leaving Postfix deferring mail.
/// At most <see cref="MailRoutingOptions.MaxConnections"/> connections are served; further ones wait in the backlog.
/// </summary>
public sealed partial class SocketmapServer(
    MailRoutingLookup lookup,
    MailRoutingStatistics statistics,
    IOptions<MailRoutingOptions> options,
    ILogger<SocketmapServer> logger) : BackgroundService
{
    private readonly MailRoutingOptions _options = options.Value;
    private readonly ConcurrentDictionary<int, Task> _connections = new();
    private Socket? _listener;
    private int _nextConnection;

    /// <summary>The bound endpoint (with the real port when <see cref="MailRoutingOptions.Port"/> is 0).</summary>
    public EndPoint? LocalEndPoint => _listener?.LocalEndPoint;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _listener = Bind();
        statistics.Endpoint = Describe(_listener.LocalEndPoint);
        LogListening(logger, statistics.Endpoint);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var slots = new SemaphoreSlim(_options.MaxConnections);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await slots.WaitAsync(stoppingToken);
                Socket client;
                try
                {
                    client = await _listener!.AcceptAsync(stoppingToken);
                }
                catch (SocketException ex)
                {
                    slots.Release();
                    LogAcceptFailed(logger, ex);
                    continue;
                }

                var id = Interlocked.Increment(ref _nextConnection);
                _connections[id] = ServeAsync(id, client, slots, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        finally
        {
            // Each connection sees the same token and closes; wait so none outlives the semaphore.
            await Task.WhenAll(_connections.Values);
        }
    }

    /// <summary>Serves one connection on a thread of its own (see <see cref="SocketmapConnection"/> for why).</summary>
    private Task ServeAsync(int id, Socket client, SemaphoreSlim slots, CancellationToken stoppingToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            statistics.ConnectionOpened();
            try
            {
                if (client.ProtocolType == ProtocolType.Tcp)
                {
                    client.NoDelay = true;
                }

                new SocketmapConnection(client, lookup, statistics, _options, logger).Run(stoppingToken);
            }
            catch (Exception ex) when (ex is SocketException or IOException or ObjectDisposedException)
            {
                LogConnectionFailed(logger, ex);
            }
            catch (Exception ex)
            {
                // An exception escaping a thread of our own would end the process: this connection ends instead.
                LogConnectionCrashed(logger, ex);
            }
            finally
            {
                client.Dispose();
                statistics.ConnectionClosed();
                slots.Release();
                _connections.TryRemove(id, out _);
                done.SetResult();
            }
        })
        {
            IsBackground = true,
            Name = "socketmap " + id.ToString(CultureInfo.InvariantCulture),
        };
        thread.Start();
        return done.Task;
    }

    private Socket Bind()
    {
        if (!string.IsNullOrWhiteSpace(_options.UnixSocketPath))
        {
            var path = _options.UnixSocketPath;
            // A socket file left by a previous run would make the bind fail.
            File.Delete(path);
            var unix = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            unix.Bind(new UnixDomainSocketEndPoint(path));
            unix.Listen(_options.MaxConnections);
            if (!OperatingSystem.IsWindows())
            {
                // Postfix's processes run as their own user; the data is no more private than on the loopback port.
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite
                    | UnixFileMode.OtherRead | UnixFileMode.OtherWrite);
            }

            return unix;
        }

        var endpoint = new IPEndPoint(IPAddress.Parse(_options.ListenAddress), _options.Port);
        var tcp = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            tcp.Bind(endpoint);
            tcp.Listen(_options.MaxConnections);
            return tcp;
        }
        catch (SocketException ex)
        {
            tcp.Dispose();
            throw new InvalidOperationException($"Mail routing cannot listen on {endpoint}: {ex.Message} (MailRouting:ListenAddress, MailRouting:Port).", ex);
        }
    }

    private static string Describe(EndPoint? endpoint) => endpoint switch
    {
        IPEndPoint ip => string.Create(CultureInfo.InvariantCulture, $"{ip.Address}:{ip.Port}"),
        UnixDomainSocketEndPoint unix => "unix:" + unix,
        _ => endpoint?.ToString() ?? "",
    };

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Cancels the pending accept and every connection first, then lets go of the port or socket file.
        await base.StopAsync(cancellationToken);
        _listener?.Dispose();
        if (!string.IsNullOrWhiteSpace(_options.UnixSocketPath))
        {
            File.Delete(_options.UnixSocketPath);
        }
    }

    public override void Dispose()
    {
        _listener?.Dispose();
        base.Dispose();
    }

    [LoggerMessage(EventId = 4120, Level = LogLevel.Information, Message = "Mail routing (socketmap) listening on {Endpoint}")]
    private static partial void LogListening(ILogger logger, string endpoint);

    [LoggerMessage(EventId = 4121, Level = LogLevel.Warning, Message = "Mail routing: accepting a connection failed")]
    private static partial void LogAcceptFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4123, Level = LogLevel.Error, Message = "Mail routing: a connection failed unexpectedly and was closed")]
    private static partial void LogConnectionCrashed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4122, Level = LogLevel.Debug, Message = "Mail routing: connection ended with an error")]
    private static partial void LogConnectionFailed(ILogger logger, Exception exception);
}
