namespace Inclusion.Iot.Edge.Worker.HomeAssistant;

/// <summary>What a room shows in Home Assistant: read-only entities over the room state payload's snake_case fields.</summary>
public static class RoomEntities
{
    public const string BinarySensor = "binary_sensor";
    public const string Sensor = "sensor";

    private const string ProblemCount = "value_json.devices_with_problems | default([]) | count";

    public static readonly IReadOnlyList<RoomEntityDescription> All =
    [
        new("occupancy", BinarySensor, "Occupancy", "{{ 'ON' if value_json.occupied | default(false) else 'OFF' }}")
        {
            DeviceClass = "occupancy",
        },
        new("session_active", BinarySensor, "Session active", "{{ 'ON' if value_json.state == 'session' else 'OFF' }}")
        {
            DeviceClass = "running",
        },
        new("room_state", Sensor, "Room state", "{{ value_json.state }}")
        {
            DeviceClass = "enum",
            Options = ["idle", "escort_present", "session"],
        },
        new("remaining_time", Sensor, "Remaining time", "{{ value_json.remaining_seconds | default(None) }}")
        {
            DeviceClass = "duration",
            UnitOfMeasurement = "s",
        },
        new("session_ends_at", Sensor, "Session ends at", "{{ value_json.ends_at | default(None) }}")
        {
            DeviceClass = "timestamp",
        },
        new("scene", Sensor, "Scene", "{{ value_json.scene | default(None) }}")
        {
            Icon = "mdi:palette",
        },
        new("devices_with_problems", Sensor, "Devices with problems", $"{{{{ {ProblemCount} }}}}")
        {
            Icon = "mdi:alert-circle-outline",
            EntityCategory = "diagnostic",
            JsonAttributesTemplate = "{{ {'devices': value_json.devices_with_problems | default([])} | tojson }}",
        },
        new("device_problem", BinarySensor, "Device problem", $"{{{{ 'ON' if {ProblemCount} > 0 else 'OFF' }}}}")
        {
            DeviceClass = "problem",
            EntityCategory = "diagnostic",
        },
    ];
}
