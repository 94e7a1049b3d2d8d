using System.Net;
using System.Net.Sockets;

namespace ForwardEmail.Dashboard.TestFixtures;

/// <summary>A loopback TCP port that was free a moment ago, for the servers the tests start.</summary>
internal static class LoopbackPort
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Waits until something accepts connections on <paramref name="port"/>; gives up (throws) after <paramref name="timeout"/> or once <paramref name="stillStarting"/> says no.</summary>
    public static async Task WaitForListenerAsync(int port, TimeSpan timeout, Func<bool>? stillStarting = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && (stillStarting?.Invoke() ?? true))
            {
                await Task.Delay(50);
            }
        }
    }
}
