using System.Globalization;
using System.Text.Json;
using Inclusion.Iot.Edge.Devices.Conventions;
using Inclusion.Iot.FirmwareSim.Configuration;
using MQTTnet;
using MQTTnet.Protocol;

namespace Inclusion.Iot.FirmwareSim.Devices;

/// <summary>
/// An ESP running Tasmota with an RC522 reader: <c>tele/&lt;topic&gt;/LWT</c> <c>Online</c> (retained; last will <c>Offline</c>),
/// and on a card <c>tele/&lt;topic&gt;/SENSOR</c> <c>{"Time":"…","RC522":{"UID":"04A1B2C3","DATA":"","Sak":"08","Type":"MIFARE 1K"}}</c>.
/// </summary>
public sealed class TasmotaReader(RoomDevice device, string roomId, MqttSettings settings, SimOutput output, TimeProvider time)
    : SimulatedDevice(device, roomId, settings, output, time)
{
    protected override string AvailabilityTopic => TasmotaTopics.LastWill(Device.Topic);

    protected override bool DisconnectsWhenOffline => true;

    protected override void ConfigureWill(MqttClientOptionsBuilder options) =>
        options.WithWillTopic(TasmotaTopics.LastWill(Device.Topic))
            .WithWillPayload(TasmotaTopics.Offline)
            .WithWillRetain()
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce);

    protected override Task AnnounceOnlineAsync(CancellationToken cancellationToken) =>
        PublishAsync(TasmotaTopics.LastWill(Device.Topic), TasmotaTopics.Online, retain: true, cancellationToken);

    protected override Task AnnounceOfflineAsync(CancellationToken cancellationToken) =>
        PublishAsync(TasmotaTopics.LastWill(Device.Topic), TasmotaTopics.Offline, retain: true, cancellationToken);

    /// <summary>A card held to the reader. Fails when the reader is offline (a real one would not see it either).</summary>
    public async Task TapAsync(Badge badge, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(badge);
        if (!Online) throw new InvalidOperationException(Messages.DeviceOfflineIgnores(Name, TasmotaTopics.Sensor(Device.Topic)));
        Output.Line(Messages.BadgeTapped(Name, badge.Uid, badge.Name));
        await PublishAsync(TasmotaTopics.Sensor(Device.Topic), SensorPayload(badge.Uid, Time.GetLocalNow()), retain: false, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>The SENSOR payload exactly as Tasmota's RC522 driver sends it (local time, no offset).</summary>
    public static string SensorPayload(string uid, DateTimeOffset localNow)
    {
        var payload = new TasmotaSensorMessage(
            localNow.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
            new TasmotaRc522(uid, string.Empty, "08", "MIFARE 1K"));
        return JsonSerializer.Serialize(payload, Payloads.TasmotaJson);
    }

    private sealed record TasmotaSensorMessage(string Time, TasmotaRc522 RC522);

    private sealed record TasmotaRc522(string UID, string DATA, string Sak, string Type);
}
