using Inclusion.Iot.Server.Data;

namespace Inclusion.Iot.Server.Records.Configuration;

/// <summary>One of the room's devices, in name order in <see cref="RoomConfiguration.Devices"/>.</summary>
public sealed record ConfiguredDevice(int DeviceId, string Name, DeviceRole Role, string Driver);
