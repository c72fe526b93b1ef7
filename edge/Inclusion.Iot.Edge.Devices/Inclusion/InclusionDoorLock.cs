using System.Text.Json;
using Inclusion.Iot.Edge.Devices.Conventions;
using Inclusion.Iot.Edge.Devices.Ports;

namespace Inclusion.Iot.Edge.Devices.Inclusion;

/// <summary>
/// Our ESP door lock: <c>{"schema_version":1,"state":"held"|"released"}</c>. The ESP itself releases when the edge's
/// last will (<c>inclusion/&lt;room&gt;/status</c> <c>offline</c>) arrives or its heartbeat stops; disposing releases.
/// </summary>
public sealed class InclusionDoorLock(string roomId, string name, IMqttPublisher mqtt) : InclusionDevice(roomId, name, mqtt), IDoorLock
{
    public const string Held = "held";
    public const string Released = "released";

    public bool IsHeld { get; private set; }

    public async Task HoldAsync(CancellationToken cancellationToken)
    {
        await SendAsync(Command(Held), cancellationToken).ConfigureAwait(false);
        IsHeld = true;
    }

    public async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        // Released first in our own view: if the publish fails, nothing here believes the door is held.
        IsHeld = false;
        await SendAsync(Command(Released), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await ReleaseAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or OperationCanceledException)
        {
            // The broker is gone: the ESP releases on the edge's last will.
        }
    }

    public static byte[] Command(string state) => JsonSerializer.SerializeToUtf8Bytes(new Payloads.LockCommand { State = state }, PayloadJson.Default.LockCommand);
}
