using Inclusion.Iot.FirmwareSim.Configuration;

namespace Inclusion.Iot.FirmwareSim.Scenarios;

/// <summary>Plays a scenario's steps on a started <see cref="Simulator"/>, printing each as it happens.</summary>
public sealed class ScenarioRunner(Simulator simulator, SimOutput output)
{
    /// <summary>Plays every step. Throws <see cref="ScenarioFailedException"/> when a step cannot be done or a wait times out.</summary>
    public async Task RunAsync(Scenario scenario, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var time = simulator.Time;
        var start = time.GetTimestamp();
        var seen = 0;
        output.Line(Messages.ScenarioStarting(scenario.Name, scenario.Steps.Count));
        foreach (var step in scenario.Steps)
        {
            if (step.AtMs is { } at)
            {
                var wait = TimeSpan.FromMilliseconds(at) - time.GetElapsedTime(start);
                if (wait > TimeSpan.Zero) await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
            }
            else if (step.DelayMs is { } delay && delay > 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(delay), time, cancellationToken).ConfigureAwait(false);
            }

            output.Line(Messages.ScenarioStep(time.GetElapsedTime(start).TotalSeconds, step.Index, Describe(step)));
            try
            {
                seen = await PlayAsync(step, seen, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                throw new ScenarioFailedException(Messages.StepFailed(step.Index, e.Message), e);
            }
        }

        output.Line(Messages.ScenarioDone(scenario.Name, time.GetElapsedTime(start).TotalSeconds));
    }

    private async Task<int> PlayAsync(ScenarioStep step, int seen, CancellationToken cancellationToken)
    {
        switch (step.Action)
        {
            case StepAction.Badge:
                await simulator.TapAsync(step.Badge!, step.Device, cancellationToken).ConfigureAwait(false);
                break;
            case StepAction.Occupancy:
                await simulator.SetOccupancyAsync(step.Value!.Value, step.Device, cancellationToken).ConfigureAwait(false);
                break;
            case StepAction.Door:
                await simulator.SetDoorAsync(step.Open!.Value, step.Device, cancellationToken).ConfigureAwait(false);
                break;
            case StepAction.Offline:
                await simulator.OfflineAsync(step.Device!, cancellationToken).ConfigureAwait(false);
                break;
            case StepAction.Online:
                await simulator.OnlineAsync(step.Device!, cancellationToken).ConfigureAwait(false);
                break;
            case StepAction.PresenceFlap:
                await simulator.FlapPresenceAsync(step.Device, step.Value!.Value, step.Count!.Value, TimeSpan.FromMilliseconds(step.IntervalMs!.Value), cancellationToken)
                    .ConfigureAwait(false);
                break;
            case StepAction.BatteryStale:
                await simulator.GoStaleAsync(step.Device!, step.Battery!.Value, cancellationToken).ConfigureAwait(false);
                break;
            case StepAction.FireAlarm:
                await simulator.SetFireAlarmAsync(step.Active!.Value, step.Device, cancellationToken).ConfigureAwait(false);
                break;
            case StepAction.ExpectLock:
                var doorLock = simulator.Lock(step.Device);
                var held = step.LockState == Devices.DoorLock.Held;
                if (!await doorLock.WaitForStateAsync(held, TimeSpan.FromMilliseconds(step.WithinMs), cancellationToken).ConfigureAwait(false))
                {
                    throw new ScenarioFailedException(Messages.ExpectLockFailed(step.Index, doorLock.Name, step.LockState!, doorLock.State, step.WithinMs));
                }

                output.Line(Messages.ExpectLockMet(doorLock.Name, doorLock.State));
                break;
            case StepAction.Raw:
                await simulator.PublishRawAsync(step.Topic!, step.Payload!, step.Retain, cancellationToken).ConfigureAwait(false);
                break;
            case StepAction.WaitFor:
                var match = await simulator.WaitForAsync(step.Topic!, step.Contains, seen, TimeSpan.FromMilliseconds(step.TimeoutMs), cancellationToken)
                    .ConfigureAwait(false);
                if (match is not { } m) throw new ScenarioFailedException(Messages.WaitForTimedOut(step.Index, step.Topic!, step.Contains, step.TimeoutMs));
                output.Line(Messages.WaitForMatched(m.Topic, Devices.SimulatedDevice.Shorten(m.Payload)));
                return m.Next;
        }

        return seen;
    }

    private string Describe(ScenarioStep step)
    {
        string DeviceOf(string role) => step.Device ?? simulator.Room.Devices.FirstOrDefault(d => d.Role == role)?.Name ?? "?";
        switch (step.Action)
        {
            case StepAction.Badge:
                Badge? badge = null;
                try
                {
                    badge = simulator.Badges.Resolve(step.Badge!);
                }
                catch (ArgumentException)
                {
                    // Reported when the step runs.
                }

                return Messages.DescribeBadge(badge?.Uid ?? step.Badge!, badge?.Name, DeviceOf(DeviceRoles.EntryReader));
            case StepAction.Occupancy:
                return Messages.DescribeOccupancy(step.Value!.Value, DeviceOf(DeviceRoles.Occupancy));
            case StepAction.Door:
                return Messages.DescribeDoor(step.Open!.Value, DeviceOf(DeviceRoles.DoorContact));
            case StepAction.PresenceFlap:
                return Messages.DescribePresenceFlap(step.Count!.Value, step.IntervalMs!.Value, step.Value!.Value, DeviceOf(DeviceRoles.Occupancy));
            case StepAction.BatteryStale:
                return Messages.DescribeBatteryStale(step.Device!, step.Battery!.Value);
            case StepAction.FireAlarm:
                return Messages.DescribeFireAlarm(step.Active!.Value, DeviceOf(DeviceRoles.FireAlarm));
            case StepAction.ExpectLock:
                return Messages.DescribeExpectLock(step.LockState!, step.WithinMs, DeviceOf(DeviceRoles.Lock));
            case StepAction.Offline:
                return Messages.DescribeOffline(step.Device!);
            case StepAction.Online:
                return Messages.DescribeOnline(step.Device!);
            case StepAction.Raw:
                return Messages.DescribeRaw(step.Topic!);
            case StepAction.WaitFor:
                return Messages.DescribeWaitFor(step.Topic!, step.Contains, step.TimeoutMs);
            default:
                return step.Action.ToString();
        }
    }
}

public sealed class ScenarioFailedException(string message, Exception? inner = null) : Exception(message, inner);
