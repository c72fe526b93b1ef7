using Inclusion.Iot.Edge.Devices.Conventions;
using Inclusion.Iot.FirmwareSim.Configuration;

namespace Inclusion.Iot.FirmwareSim.Devices;

/// <summary>A device behind Zigbee2MQTT: availability is published retained by the bridge as <c>{"state":"online"}</c>.</summary>
public abstract class ZigbeeDevice(RoomDevice device, string roomId, MqttSettings settings, SimOutput output, TimeProvider time)
    : SimulatedDevice(device, roomId, settings, output, time)
{
    protected override string AvailabilityTopic => Zigbee2MqttTopics.Availability(Device.Topic);

    // Written literally: Payloads.Availability would also serialise its computed IsOnline property.
    private const string OnlinePayload = """{"state":"online"}""";
    private const string OfflinePayload = """{"state":"offline"}""";

    protected string StateTopic => Zigbee2MqttTopics.State(Device.Topic);

    /// <summary>The link quality a real device reports, varying a little from message to message.</summary>
    protected int LinkQuality => 110 + Random.Shared.Next(0, 40);

    protected override async Task AnnounceOnlineAsync(CancellationToken cancellationToken)
    {
        await PublishAsync(AvailabilityTopic, OnlinePayload, retain: true, cancellationToken)
            .ConfigureAwait(false);
        await PublishStateAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override Task AnnounceOfflineAsync(CancellationToken cancellationToken) =>
        PublishAsync(AvailabilityTopic, OfflinePayload, retain: true, cancellationToken);

    /// <summary>Publishes the device's current state on <c>zigbee2mqtt/&lt;topic&gt;</c> (not retained, as Zigbee2MQTT's default).</summary>
    protected abstract Task PublishStateAsync(CancellationToken cancellationToken);
}
