using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Inclusion.Iot.Testing;

/// <summary>
/// Whether a Docker engine answers here. Fixtures use Testcontainers when it does and local binaries
/// otherwise; an installed docker CLI without a running daemon counts as "no engine".
/// </summary>
public static class DockerEngine
{
    private static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(2);
    private static readonly Lazy<bool> Available = new(Ping);

    /// <summary>True when the engine at DOCKER_HOST (unix:// or tcp://) or /var/run/docker.sock answers GET /_ping. Cached.</summary>
    public static bool IsAvailable => Available.Value;

    private static bool Ping()
    {
        try
        {
            var dockerHost = Environment.GetEnvironmentVariable("DOCKER_HOST");
            EndPoint endPoint;
            if (string.IsNullOrWhiteSpace(dockerHost))
            {
                endPoint = new UnixDomainSocketEndPoint("/var/run/docker.sock");
            }
            else if (dockerHost.StartsWith("unix://", StringComparison.Ordinal))
            {
                endPoint = new UnixDomainSocketEndPoint(dockerHost["unix://".Length..]);
            }
            else if (dockerHost.StartsWith("tcp://", StringComparison.Ordinal)
                     && Uri.TryCreate(dockerHost, UriKind.Absolute, out var uri))
            {
                endPoint = new DnsEndPoint(uri.Host, uri.Port);
            }
            else
            {
                // npipe:// and ssh:// are not used on our Linux test machines.
                return false;
            }

            if (endPoint is UnixDomainSocketEndPoint unix && !File.Exists(unix.ToString()))
            {
                return false;
            }

            return PingAsync(endPoint).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException or ArgumentException)
        {
            return false;
        }
    }

    private static async Task<bool> PingAsync(EndPoint endPoint)
    {
        using var timeout = new CancellationTokenSource(PingTimeout);
        using var socket = endPoint is UnixDomainSocketEndPoint
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(endPoint, timeout.Token).ConfigureAwait(false);
        var request = Encoding.ASCII.GetBytes("GET /_ping HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n\r\n");
        await socket.SendAsync(request, SocketFlags.None, timeout.Token).ConfigureAwait(false);
        var buffer = new byte[256];
        var read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token).ConfigureAwait(false);
        var statusLine = Encoding.ASCII.GetString(buffer, 0, read);
        return statusLine.StartsWith("HTTP/1.1 200", StringComparison.Ordinal)
               || statusLine.StartsWith("HTTP/1.0 200", StringComparison.Ordinal);
    }
}
