using System.Text.Json;
using Inclusion.Iot.Edge.Devices.Conventions;
using Inclusion.Iot.Edge.Devices.Ports;
using Inclusion.Iot.Edge.Domain.Room;

namespace Inclusion.Iot.Edge.Devices.Inclusion;

/// <summary>Our ESP visual timer: <c>{"schema_version":1,"mode":"countdown","remaining_seconds":…,"phase":…}</c> or <c>{"mode":"off"}</c>.</summary>
public sealed class InclusionTimerDisplay(string roomId, string name, IMqttPublisher mqtt) : InclusionDevice(roomId, name, mqtt), ITimerDisplay
{
    public Task ShowAsync(TimerDisplay display, CancellationToken cancellationToken) => SendAsync(Command(display), cancellationToken);

    public static byte[] Command(TimerDisplay display)
    {
        ArgumentNullException.ThrowIfNull(display);
        var command = new Payloads.TimerDisplayCommand
        {
            Mode = display.Countdown ? "countdown" : "off",
            RemainingSeconds = display.RemainingSeconds,
            TotalSeconds = display.TotalSeconds,
            Phase = display.Phase is { } phase ? TimerPhaseNames.Of(phase) : null,
            Style = display.Style,
            Chime = display.Chime,
        };
        return JsonSerializer.SerializeToUtf8Bytes(command, PayloadJson.Default.TimerDisplayCommand);
    }
}
