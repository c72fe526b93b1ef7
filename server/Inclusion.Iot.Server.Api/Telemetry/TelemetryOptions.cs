using Microsoft.Extensions.Options;

namespace Inclusion.Iot.Server.Api.Telemetry;

/// <summary>
/// Section <c>Telemetry</c>: the exporter that follows the raw event log into InfluxDB 2 for Grafana. Off by default:
/// the embedded default runs with no time-series database.
/// </summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    public const int DefaultBatchSize = 500;

    public const int DefaultPollIntervalSeconds = 5;

    public const int MaxBatchSize = 50_000;

    public const int MaxPollIntervalSeconds = 3_600;

    public bool Enabled { get; set; }

    /// <summary>InfluxDB 2's base URL, e.g. <c>http://influxdb:8086</c>; the exporter writes to <c>/api/v2/write</c>.</summary>
    public string Url { get; set; } = string.Empty;

    /// <summary>The InfluxDB organisation (name or id) that owns <see cref="Bucket"/>.</summary>
    public string Organisation { get; set; } = string.Empty;

    public string Bucket { get; set; } = string.Empty;

    /// <summary>An API token allowed to write to <see cref="Bucket"/>.</summary>
    public string Token { get; set; } = string.Empty;

    /// <summary>Raw events read and written per batch (one HTTP write each).</summary>
    public int BatchSize { get; set; } = DefaultBatchSize;

    /// <summary>How long the exporter waits when it has caught up with the log (and the first retry after a failure).</summary>
    public int PollIntervalSeconds { get; set; } = DefaultPollIntervalSeconds;

    /// <summary>
    /// Problems with these options, each naming its configuration key, in the process's UI culture
    /// (<see cref="StartupMessages"/>); empty when they are usable. Url, Organisation, Bucket and Token are required
    /// only with <see cref="Enabled"/>; the numbers are checked always.
    /// </summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        var enabledKey = Key(nameof(Enabled));
        if (Enabled)
        {
            if (!Uri.TryCreate(Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            {
                problems.Add(StartupMessages.TelemetryUrlInvalid(Key(nameof(Url)), Url, enabledKey, "http://influxdb:8086"));
            }

            foreach (var (name, value) in new[] { (nameof(Organisation), Organisation), (nameof(Bucket), Bucket), (nameof(Token), Token) })
            {
                if (string.IsNullOrWhiteSpace(value))
                {
                    problems.Add(StartupMessages.TelemetryValueRequired(Key(name), enabledKey));
                }
            }
        }

        if (BatchSize is < 1 or > MaxBatchSize)
        {
            problems.Add(StartupMessages.TelemetryOutOfRange(Key(nameof(BatchSize)), BatchSize, 1, MaxBatchSize));
        }

        if (PollIntervalSeconds is < 1 or > MaxPollIntervalSeconds)
        {
            problems.Add(StartupMessages.TelemetryOutOfRange(Key(nameof(PollIntervalSeconds)), PollIntervalSeconds, 1, MaxPollIntervalSeconds));
        }

        return problems;
    }

    private static string Key(string property) => $"{SectionName}:{property}";
}

/// <summary>Refuses unusable telemetry settings at start, naming the key.</summary>
internal sealed class TelemetryOptionsValidation : IValidateOptions<TelemetryOptions>
{
    public ValidateOptionsResult Validate(string? name, TelemetryOptions options)
    {
        var problems = options.Validate();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
