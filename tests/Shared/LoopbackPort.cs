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
}
