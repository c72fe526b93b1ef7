namespace Inclusion.Iot.Edge.Worker;

/// <summary>The retry delay shared by the MQTT reconnect, the configuration sync and the outbox upload.</summary>
public static class Backoff
{
    /// <summary>1, 2, 4 … seconds for attempt 0, 1, 2 …, capped at <paramref name="maxSeconds"/>.</summary>
    public static TimeSpan Delay(int attempt, int maxSeconds) =>
        TimeSpan.FromSeconds(Math.Min(maxSeconds, Math.Pow(2, Math.Min(attempt, 16))));

    /// <summary>
    /// A server that is too busy answers RESOURCE_EXHAUSTED with a <c>retry-after-ms</c> hint: the wait it asks for, spread
    /// by ±20 % so the edges it refused together do not come back together, and never longer than <paramref name="maxSeconds"/>.
    /// Null when the answer carries no usable hint (then the exponential delay applies).
    /// </summary>
    public static TimeSpan? ServerHint(Grpc.Core.RpcException failure, int maxSeconds)
    {
        ArgumentNullException.ThrowIfNull(failure);
        if (failure.StatusCode != Grpc.Core.StatusCode.ResourceExhausted) return null;
        var hint = failure.Trailers.GetValue("retry-after-ms");
        if (!long.TryParse(hint, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ms) || ms <= 0) return null;
        var spread = ms * (0.8 + (0.4 * Random.Shared.NextDouble()));
        return TimeSpan.FromMilliseconds(Math.Min(spread, maxSeconds * 1000.0));
    }
}
