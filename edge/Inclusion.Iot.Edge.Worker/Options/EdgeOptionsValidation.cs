using Inclusion.Iot.Edge.Worker.HomeAssistant;
using Microsoft.Extensions.Options;

namespace Inclusion.Iot.Edge.Worker.Options;

/// <summary>
/// Validates every edge setting at start; each failure names its configuration key, in the process's UI culture
/// (<see cref="StartupMessages"/>).
/// </summary>
internal sealed class EdgeOptionsValidation :
    IValidateOptions<EdgeOptions>, IValidateOptions<ServerOptions>, IValidateOptions<MqttOptions>, IValidateOptions<PanelOptions>,
    IValidateOptions<HomeAssistantOptions>, IValidateOptions<ClockOptions>
{
    public ValidateOptionsResult Validate(string? name, EdgeOptions options)
    {
        var failures = new List<string>();
        Required(failures, "Edge:EdgeId", options.EdgeId);
        Required(failures, "Edge:RoomConfigPath", options.RoomConfigPath);
        Required(failures, "Edge:DataDirectory", options.DataDirectory);
        string[] hardware = [EdgeOptions.HardwarePi, EdgeOptions.HardwareSimulated];
        if (!hardware.Contains(options.Hardware, StringComparer.Ordinal)) failures.Add(StartupMessages.NotOneOf("Edge:Hardware", options.Hardware, hardware));
        return Result(failures);
    }

    public ValidateOptionsResult Validate(string? name, ServerOptions options)
    {
        var failures = new List<string>();
        HttpUrl(failures, "Server:Url", options.Url);
        if (Uri.TryCreate(options.Url, UriKind.Absolute, out var gateway) && gateway.Scheme == Uri.UriSchemeHttp)
        {
            failures.Add(StartupMessages.HttpsRequired("Server:Url", options.Url));
        }

        if (string.IsNullOrWhiteSpace(options.CaCertificatePath))
        {
            failures.Add(StartupMessages.ValueRequired("Server:CaCertificatePath"));
        }
        else if (Mqtt.BrokerTls.TryLoadCa(options.CaCertificatePath) is null)
        {
            failures.Add(StartupMessages.NotCertificateFile("Server:CaCertificatePath", options.CaCertificatePath));
        }

        Range(failures, "Server:SyncIntervalSeconds", options.SyncIntervalSeconds, 1, 3600);
        Range(failures, "Server:UploadBatchSize", options.UploadBatchSize, 1, 10_000);
        Range(failures, "Server:MaxRetryDelaySeconds", options.MaxRetryDelaySeconds, 1, 3600);
        return Result(failures);
    }

    public ValidateOptionsResult Validate(string? name, MqttOptions options)
    {
        var failures = new List<string>();
        Required(failures, "Mqtt:Host", options.Host);
        Range(failures, "Mqtt:Port", options.Port, 1, 65535);
        Range(failures, "Mqtt:MaxReconnectDelaySeconds", options.MaxReconnectDelaySeconds, 1, 3600);
        Range(failures, "Mqtt:HeartbeatSeconds", options.HeartbeatSeconds, 1, 3600);
        if (options.EmbeddedBroker.Port is { } port) Range(failures, "Mqtt:EmbeddedBroker:Port", port, 1, 65535);
        if (string.IsNullOrEmpty(options.Username) && !string.IsNullOrEmpty(options.Password))
        {
            failures.Add(StartupMessages.RequiredWhenSet("Mqtt:Username", "Mqtt:Password"));
        }

        if (!string.IsNullOrEmpty(options.CaFile) && Mqtt.BrokerTls.TryLoadCa(options.CaFile) is null)
        {
            failures.Add(StartupMessages.NotCertificateFile("Mqtt:CaFile", options.CaFile));
        }

        return Result(failures);
    }

    public ValidateOptionsResult Validate(string? name, PanelOptions options)
    {
        var failures = new List<string>();
        HttpUrl(failures, "Panel:Url", options.Url);
        return Result(failures);
    }

    public ValidateOptionsResult Validate(string? name, HomeAssistantOptions options)
    {
        var failures = new List<string>();
        const string prefixKey = "HomeAssistant:DiscoveryPrefix";
        if (string.IsNullOrWhiteSpace(options.DiscoveryPrefix))
        {
            failures.Add(StartupMessages.ValueRequired(prefixKey));
        }
        else if (options.DiscoveryPrefix.IndexOfAny(['+', '#']) >= 0 || options.DiscoveryPrefix.StartsWith('/') || options.DiscoveryPrefix.EndsWith('/'))
        {
            failures.Add(StartupMessages.TopicNotPlain(prefixKey, options.DiscoveryPrefix));
        }

        if (!string.IsNullOrEmpty(options.SupportUrl)) HttpUrl(failures, "HomeAssistant:SupportUrl", options.SupportUrl);
        return Result(failures);
    }

    public ValidateOptionsResult Validate(string? name, ClockOptions options)
    {
        var failures = new List<string>();
        Range(failures, "Clock:JumpThresholdSeconds", options.JumpThresholdSeconds, 1, 3600);
        Range(failures, "Clock:SyncCheckIntervalSeconds", options.SyncCheckIntervalSeconds, 1, 3600);
        return Result(failures);
    }

    private static void Required(List<string> failures, string key, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) failures.Add(StartupMessages.ValueRequired(key));
    }

    private static void Range(List<string> failures, string key, int value, int min, int max)
    {
        if (value < min || value > max) failures.Add(StartupMessages.OutOfRange(key, value, min, max));
    }

    private static void HttpUrl(List<string> failures, string key, string? value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            failures.Add(StartupMessages.NotHttpUrl(key, value));
        }
    }

    private static ValidateOptionsResult Result(List<string> failures) =>
        failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
}
