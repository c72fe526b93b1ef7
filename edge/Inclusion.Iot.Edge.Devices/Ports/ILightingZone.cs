using Inclusion.Iot.Edge.Domain.Room;

namespace Inclusion.Iot.Edge.Devices.Ports;

/// <summary>
/// A lighting zone. Takes the scene in the room's units (percent, kelvin, fade seconds); the driver converts to its
/// own (Zigbee 0..254 and mireds, PWM duty) and sends one change with its fade, never a stream of steps.
/// </summary>
public interface ILightingZone : IRoomDevice
{
    Task SetAsync(LightScene scene, CancellationToken cancellationToken);
}
