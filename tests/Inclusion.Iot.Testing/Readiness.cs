using System.Net.Sockets;

namespace Inclusion.Iot.Testing;

/// <summary>Waits until a server started by a fixture is ready, failing fast if its process dies.</summary>
public static class Readiness
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Polls <paramref name="probe"/> until it returns true. Throws with the server's output when the
    /// process exits or <paramref name="timeout"/> passes.
    /// </summary>
    public static async Task WaitAsync(
        ChildProcess process,
        string what,
        Func<CancellationToken, Task<bool>> probe,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        var limit = timeout ?? DefaultTimeout;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limit);
        Exception? lastError = null;
        while (true)
        {
            process.ThrowIfExited();
            try
            {
                if (await probe(deadline.Token).ConfigureAwait(false))
                {
                    return;
                }
            }
            catch (Exception ex) when (!deadline.IsCancellationRequested)
            {
                // Not ready yet (connection refused, starting up): keep the reason for the timeout message.
                lastError = ex;
            }

            try
            {
                await Task.Delay(PollInterval, deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                process.ThrowIfExited();
                throw new TimeoutException(
                    $"{what} was not ready within {limit} (last error: {lastError?.Message ?? "none"}). "
                    + $"{process.Name} output:\n{process.Output}");
            }
        }
    }

    /// <summary>True when something accepts TCP connections on host:port.</summary>
    public static async Task<bool> AcceptsTcpAsync(string host, int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
        return true;
    }
}
