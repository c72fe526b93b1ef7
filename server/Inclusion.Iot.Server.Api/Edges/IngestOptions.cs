using Microsoft.Extensions.Options;

namespace Inclusion.Iot.Server.Api.Edges;

/// <summary>Section <c>Ingest</c>: how many uploads the server stores at once.</summary>
public sealed class IngestOptions
{
    public const string SectionName = "Ingest";

    /// <summary>
    /// Uploads taken in at the same time (read, mapped, waiting for or in a group commit); one more waits in the queue
    /// below, and past it is answered RESOURCE_EXHAUSTED with <c>retry-after-ms</c> rather than queued without bound.
    /// They hold no database connection (only the <see cref="CommitWriters"/> do), so more of them make larger groups:
    /// bench/ingest.sh, 200 edges, same-run ratio to COPY: 16 → 0.24, 64 → 0.36-0.47, 128 → 0.35.
    /// </summary>
    public int MaxConcurrentUploads { get; set; } = 64;

    /// <summary>
    /// Uploads that wait (first come, first served) for a slot when all are taken; one more is refused. A waiting
    /// upload holds no database connection and its batch is not read yet (HTTP/2 flow control holds it back), so the
    /// default lets a few hundred edges take turns without retrying.
    /// </summary>
    public int MaxQueuedUploads { get; set; } = 256;

    /// <summary>The retry hint sent with RESOURCE_EXHAUSTED (trailer <c>retry-after-ms</c>).</summary>
    public int RetryAfterMilliseconds { get; set; } = 200;

    /// <summary>
    /// Group commit (see <see cref="GroupCommit{TItem, TResult}"/>): how many transactions write uploads at once. Each
    /// holds one database connection; uploads that arrive while they write wait and share the next commit.
    /// </summary>
    public int CommitWriters { get; set; } = 2;

    /// <summary>The most events one group commit takes (whole uploads; one larger upload is written alone).</summary>
    public int MaxEventsPerCommit { get; set; } = 20_000;

    /// <summary>The server's own deadline for any gRPC call (an edge's earlier deadline still applies).</summary>
    public int MaxCallSeconds { get; set; } = 60;
}

/// <summary>Refuses unusable ingest settings at start, naming the key.</summary>
internal sealed class IngestOptionsValidation : IValidateOptions<IngestOptions>
{
    public ValidateOptionsResult Validate(string? name, IngestOptions options)
    {
        var problems = new List<string>();
        if (options.MaxConcurrentUploads is < 1 or > 1024)
        {
            problems.Add($"Ingest:MaxConcurrentUploads must be 1..1024 (it is {options.MaxConcurrentUploads}).");
        }

        if (options.MaxQueuedUploads is < 0 or > 100_000)
        {
            problems.Add($"Ingest:MaxQueuedUploads must be 0..100000 (it is {options.MaxQueuedUploads}).");
        }

        if (options.RetryAfterMilliseconds is < 1 or > 60_000)
        {
            problems.Add($"Ingest:RetryAfterMilliseconds must be 1..60000 (it is {options.RetryAfterMilliseconds}).");
        }

        if (options.CommitWriters is < 1 or > 64)
        {
            problems.Add($"Ingest:CommitWriters must be 1..64 (it is {options.CommitWriters}).");
        }

        if (options.MaxEventsPerCommit is < 1 or > 1_000_000)
        {
            problems.Add($"Ingest:MaxEventsPerCommit must be 1..1000000 (it is {options.MaxEventsPerCommit}).");
        }

        if (options.MaxCallSeconds is < 1 or > 3600)
        {
            problems.Add($"Ingest:MaxCallSeconds must be 1..3600 (it is {options.MaxCallSeconds}).");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
