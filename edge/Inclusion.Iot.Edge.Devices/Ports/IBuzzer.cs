namespace Inclusion.Iot.Edge.Devices.Ports;

/// <summary>A buzzer for the timer's chime (silent unless the pupil's profile asks for it).</summary>
public interface IBuzzer : IRoomDevice
{
    Task ChimeAsync(Chime chime, CancellationToken cancellationToken);
}
