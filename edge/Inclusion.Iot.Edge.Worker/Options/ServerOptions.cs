namespace Inclusion.Iot.Edge.Worker.Options;

/// <summary>The <c>Server</c> section: the central server's gRPC endpoint and sync pacing.</summary>
public sealed class ServerOptions
{
    public const string SectionName = "Server";

    public string Url { get; set; } = "http://127.0.0.1:8082";
    public int SyncIntervalSeconds { get; set; } = 5;
    public int UploadBatchSize { get; set; } = 200;
    /// <summary>The longest pause between retries while the server is unreachable.</summary>
    public int MaxRetryDelaySeconds { get; set; } = 30;
}
