using System.Net;
using System.Net.Sockets;

namespace Inclusion.Iot.Testing;

/// <summary>Free loopback TCP ports for servers started by tests.</summary>
public static class FreeTcpPort
{
    // Below Linux's ephemeral range (32768-60999): a port the OS hands out by binding port 0 can be taken by any
    // outgoing connection (the tests open thousands: MQTT, gRPC, HTTP) before the server binds it, which was seen as
    // "address already in use". Ports here are only ever taken by a bind, so one that binds now stays free for the
    // server about to start. The walk starts at a random place, so parallel test processes rarely try the same port.
    private const int First = 20000;
    private const int Last = 32000;
    private static int _next = Random.Shared.Next(First, Last);

    /// <summary>A loopback port outside the ephemeral range that nothing is bound to now.</summary>
    public static int Next()
    {
        for (var attempt = 0; attempt < Last - First; attempt++)
        {
            var port = First + (int)((uint)(Interlocked.Increment(ref _next) - First) % (Last - First));
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                listener.Stop();
                return port;
            }
            catch (SocketException)
            {
                // Taken: the next one.
            }
        }

        throw new InvalidOperationException($"No free loopback port in {First}-{Last}.");
    }
}
