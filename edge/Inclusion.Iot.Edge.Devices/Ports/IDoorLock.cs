namespace Inclusion.Iot.Edge.Devices.Ports;

/// <summary>
/// A lock that holds the door against entry only. Fail-safe: released is the state without power or software, so
/// <see cref="IAsyncDisposable.DisposeAsync"/> releases it, and so must every driver's loss of its controller.
/// Exit is never controlled by software.
/// </summary>
public interface IDoorLock : IRoomDevice, IAsyncDisposable
{
    /// <summary>Whether the lock was last commanded to hold.</summary>
    bool IsHeld { get; }

    Task HoldAsync(CancellationToken cancellationToken);

    Task ReleaseAsync(CancellationToken cancellationToken);
}
