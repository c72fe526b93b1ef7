namespace Inclusion.Iot.Edge.Worker;

/// <summary>The retry delay shared by the MQTT reconnect, the configuration sync and the outbox upload.</summary>
public static class Backoff
{
    /// <summary>1, 2, 4 … seconds for attempt 0, 1, 2 …, capped at <paramref name="maxSeconds"/>.</summary>
    public static TimeSpan Delay(int attempt, int maxSeconds) =>
        TimeSpan.FromSeconds(Math.Min(maxSeconds, Math.Pow(2, Math.Min(attempt, 16))));
}
