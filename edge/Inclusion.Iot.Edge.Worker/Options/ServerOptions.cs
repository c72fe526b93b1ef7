namespace Inclusion.Iot.Edge.Worker.Options;

/// <summary>The <c>Server</c> section: the central server's gRPC endpoint and sync pacing.</summary>
public sealed class ServerOptions
{
    public const string SectionName = "Server";

    /// <summary>The gateway's https:// URL (the server never answers gRPC in plaintext).</summary>
    public string Url { get; set; } = "https://127.0.0.1:8082";

    /// <summary>The installation's CA certificate (PEM), the only root trusted for the server: a copy of the server's ca.crt.</summary>
    public string CaCertificatePath { get; set; } = string.Empty;

    /// <summary>The one-time code from the server's create-edge, used once, on the first start without a certificate.</summary>
    public string? EnrolmentCode { get; set; }
    public int SyncIntervalSeconds { get; set; } = 5;
    public int UploadBatchSize { get; set; } = 200;
    /// <summary>The longest pause between retries while the server is unreachable.</summary>
    public int MaxRetryDelaySeconds { get; set; } = 30;
}
