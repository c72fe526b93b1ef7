namespace Inclusion.Iot.Server.Data;

/// <summary>
/// How far the telemetry exporter has written the raw event log to the time-series database: every raw event up to and
/// including <see cref="LastRawEventId"/> is written (or was skipped as not exported). One row per export target.
/// </summary>
public sealed class TelemetryCursor
{
    /// <summary>The InfluxDB exporter's row.</summary>
    public const string InfluxDb = "influxdb";

    public required string Id { get; set; }

    /// <summary>The highest <see cref="RawEvent.Id"/> exported; 0 before the first batch.</summary>
    public long LastRawEventId { get; set; }

    public DateTime UpdatedAt { get; set; }
}
