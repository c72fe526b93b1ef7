using System.Net;
using System.Net.Sockets;

namespace Inclusion.Iot.Testing;

/// <summary>Free loopback TCP ports for servers started by tests.</summary>
public static class FreeTcpPort
{
    /// <summary>
    /// A port that was free a moment ago (the OS picks it by binding port 0). Another process could
    /// take it before the caller binds it; the ephemeral range is large enough that this does not happen in practice.
    /// </summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}
