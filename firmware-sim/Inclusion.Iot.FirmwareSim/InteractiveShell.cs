using Inclusion.Iot.FirmwareSim.Devices;

namespace Inclusion.Iot.FirmwareSim;

/// <summary>Reads commands line by line (<c>tap fox</c>, <c>occupancy on</c>, …) and applies them to the simulator.</summary>
public sealed class InteractiveShell(Simulator simulator, SimOutput output)
{
    /// <summary>Runs until <c>quit</c>, end of input or cancellation.</summary>
    public async Task RunAsync(TextReader input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        output.Line(Messages.InteractiveReady);
        while (!cancellationToken.IsCancellationRequested)
        {
            string? line;
            try
            {
                // A console read does not observe the token once it blocks; wait on it instead, so Ctrl-C stops at once.
                line = await input.ReadLineAsync(CancellationToken.None).AsTask().WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (line is null) return;
            if (!await ExecuteAsync(line, cancellationToken).ConfigureAwait(false)) return;
        }
    }

    /// <summary>Executes one command line; false when the user asked to quit.</summary>
    public async Task<bool> ExecuteAsync(string line, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(line);
        // "tap Olena (specialist)": words in parentheses are comments.
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .TakeWhile(w => !w.StartsWith('(') && !w.StartsWith('#'))
            .ToArray();
        if (words.Length == 0) return true;
        var command = words[0].ToLowerInvariant();
        try
        {
            switch (command)
            {
                case "tap" when words.Length is 2 or 3:
                    await simulator.TapAsync(words[1], words.Length == 3 ? words[2] : null, cancellationToken).ConfigureAwait(false);
                    break;
                case "tap":
                    output.Line(Messages.CommandUsage("tap <name|UID> [reader]"));
                    break;
                case "occupancy" when words.Length == 2 && OnOff(words[1]) is { } occupied:
                    await simulator.SetOccupancyAsync(occupied, null, cancellationToken).ConfigureAwait(false);
                    break;
                case "occupancy":
                    output.Line(Messages.CommandUsage("occupancy on|off"));
                    break;
                case "door" when words.Length == 2 && OpenClosed(words[1]) is { } open:
                    await simulator.SetDoorAsync(open, null, cancellationToken).ConfigureAwait(false);
                    break;
                case "door":
                    output.Line(Messages.CommandUsage("door open|closed"));
                    break;
                case "fire" when words.Length == 2 && OnOff(words[1]) is { } active:
                    await simulator.SetFireAlarmAsync(active, null, cancellationToken).ConfigureAwait(false);
                    break;
                case "fire":
                    output.Line(Messages.CommandUsage("fire on|off"));
                    break;
                case "lock" when words.Length == 1:
                    // Every lock of the room; none at all is the usual "the room has no 'lock' device".
                    var locks = simulator.Devices.OfType<DoorLock>().ToList();
                    if (locks.Count == 0) locks.Add(simulator.Lock());
                    foreach (var doorLock in locks)
                    {
                        output.Line(Messages.LockStatus(doorLock.Name, doorLock.IsHeld, doorLock.HeartbeatTimeout.TotalSeconds));
                    }

                    break;
                case "lock":
                    output.Line(Messages.CommandUsage("lock"));
                    break;
                case "offline" when words.Length == 2:
                    await simulator.OfflineAsync(words[1], cancellationToken).ConfigureAwait(false);
                    break;
                case "offline":
                    output.Line(Messages.CommandUsage("offline <device>"));
                    break;
                case "online" when words.Length == 2:
                    await simulator.OnlineAsync(words[1], cancellationToken).ConfigureAwait(false);
                    break;
                case "online":
                    output.Line(Messages.CommandUsage("online <device>"));
                    break;
                case "devices":
                    foreach (var d in simulator.Devices)
                    {
                        output.Line(Messages.DeviceLine(d.Name, d.Device.Role, d.Device.Driver, d.Device.Topic, d.Online));
                    }

                    break;
                case "badges":
                    if (!simulator.Badges.HasNames) output.Line(Messages.NoBadges);
                    foreach (var b in simulator.Badges.Entries) output.Line(Messages.BadgeLine(b.Key, b.Value));
                    break;
                case "help" or "?":
                    output.Line(Messages.InteractiveHelp);
                    break;
                case "quit" or "exit":
                    return false;
                default:
                    output.Line(Messages.UnknownCommand(words[0]));
                    break;
            }
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or MQTTnet.Exceptions.MqttCommunicationException)
        {
            output.Line(Messages.CommandFailed(e.Message));
        }

        return true;
    }

    private static bool? OnOff(string word) => word.ToLowerInvariant() switch
    {
        "on" or "true" or "yes" or "1" => true,
        "off" or "false" or "no" or "0" => false,
        _ => null,
    };

    private static bool? OpenClosed(string word) => word.ToLowerInvariant() switch
    {
        "open" or "opened" => true,
        "closed" or "close" or "shut" => false,
        _ => null,
    };
}
