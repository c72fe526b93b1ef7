namespace Inclusion.Iot.Edge.Devices.RoomFile;

/// <summary>One wiring key a hardware driver takes in the room file: its type, range and default.</summary>
internal sealed record WiringKey(string Name, WiringKind Kind, bool Required, int Min, int Max, object? Default)
{
    public static WiringKey Number(string name, int min, int max, int? defaultValue = null, bool required = false) =>
        new(name, WiringKind.Number, required, min, max, defaultValue);

    public static WiringKey Gpio(string name, bool required = false) => new(name, WiringKind.Gpio, required, 0, RoomFileLoader.MaxGpio, null);

    public static WiringKey Flag(string name) => new(name, WiringKind.Flag, false, 0, 1, false);

    public static WiringKey Text(string name) => new(name, WiringKind.Text, false, 0, 0, null);

    public static WiringKey Address(string name, int? defaultValue = null) => new(name, WiringKind.Address, false, 0x08, 0x77, defaultValue);
}
