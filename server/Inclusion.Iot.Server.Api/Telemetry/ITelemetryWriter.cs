namespace Inclusion.Iot.Server.Api.Telemetry;

/// <summary>Writes one batch of line-protocol points (nanosecond precision) to the time-series database.</summary>
public interface ITelemetryWriter
{
    /// <summary>Returns once the database answered 204 (the batch is stored); throws <see cref="TelemetryWriteException"/> otherwise.</summary>
    Task WriteAsync(IReadOnlyList<string> lines, CancellationToken cancellationToken);
}

/// <summary>The time-series database did not store a batch: unreachable, refused, or any answer but 204.</summary>
public sealed class TelemetryWriteException : Exception
{
    public TelemetryWriteException()
    {
    }

    public TelemetryWriteException(string message)
        : base(message)
    {
    }

    public TelemetryWriteException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
