using System.Net;
using InfluxDB.Client;
using InfluxDB.Client.Api.Domain;
using Microsoft.Extensions.Options;

namespace Inclusion.Iot.Server.Api.Telemetry;

/// <summary>
/// Writes through InfluxDB.Client's <see cref="WriteApiAsync"/> (not the batching <c>WriteApi</c>, which buffers and
/// retries in the background and reports failures only as events, so a caller cannot know a given batch is stored).
/// <see cref="WriteApiAsync.WriteRecordsAsyncWithIRestResponse"/> sends one <c>POST /api/v2/write?precision=ns</c> per
/// call and awaits the HTTP answer (the client throws its <c>HttpException</c> for an error status; the status is
/// checked here too): anything but 204 No Content, or no answer at all, is a
/// <see cref="TelemetryWriteException"/> carrying the reason, and the exporter's cursor stays where it was.
/// </summary>
internal sealed class InfluxTelemetryWriter(IOptions<TelemetryOptions> options) : ITelemetryWriter, IDisposable
{
    private readonly Lazy<InfluxDBClient> _client = new(() =>
    {
        var settings = options.Value;
        return new InfluxDBClient(new InfluxDBClientOptions(settings.Url)
        {
            Token = settings.Token,
            Org = settings.Organisation,
            Bucket = settings.Bucket,
            Timeout = TimeSpan.FromSeconds(30),
        });
    });

    public async Task WriteAsync(IReadOnlyList<string> lines, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (lines.Count == 0) return;
        var settings = options.Value;
        RestSharp.RestResponse response;
        try
        {
            response = await _client.Value.GetWriteApiAsync()
                .WriteRecordsAsyncWithIRestResponse(lines, WritePrecision.Ns, settings.Bucket, settings.Organisation, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (InfluxDB.Client.Core.Exceptions.HttpException refused)
        {
            throw new TelemetryWriteException($"writing {lines.Count} points to {settings.Url} failed: HTTP {refused.Status}: {Truncate(refused.Message)}", refused);
        }
        catch (Exception failed) when (failed is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new TelemetryWriteException($"writing {lines.Count} points to {settings.Url} failed: {failed.Message}", failed);
        }

        if (response.StatusCode != HttpStatusCode.NoContent)
        {
            var reason = response.StatusCode == 0
                ? response.ErrorMessage ?? response.ErrorException?.Message ?? "no answer"
                : $"HTTP {(int)response.StatusCode} {response.StatusCode}: {Truncate(response.Content)}";
            var message = $"writing {lines.Count} points to {settings.Url} failed: {reason}";
            throw response.ErrorException is { } inner ? new TelemetryWriteException(message, inner) : new TelemetryWriteException(message);
        }
    }

    public void Dispose()
    {
        if (_client.IsValueCreated) _client.Value.Dispose();
    }

    private static string Truncate(string? content) =>
        string.IsNullOrEmpty(content) ? "(empty body)" : content.Length <= 300 ? content : content[..300] + "…";
}
