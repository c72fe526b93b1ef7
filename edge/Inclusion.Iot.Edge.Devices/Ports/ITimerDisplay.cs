using Inclusion.Iot.Edge.Domain.Room;

namespace Inclusion.Iot.Edge.Devices.Ports;

/// <summary>A visual timer (LED ring, 4-digit display, our ESP display): shows a countdown in its phase, or nothing.</summary>
public interface ITimerDisplay : IRoomDevice
{
    Task ShowAsync(TimerDisplay display, CancellationToken cancellationToken);
}
