using Inclusion.Iot.Edge.Domain.Events;

using Inclusion.Iot.Edge.Domain.Configuration;

namespace Inclusion.Iot.Edge.Domain.Health;

/// <summary>
/// Device health bookkeeping. Pure: (book, input, policy, now) → (book, changes). Each device has one status, the worst
/// that applies (offline, stale, low battery, ok); a <see cref="DeviceHealthChanged"/> is produced only when it changes.
/// <list type="bullet">
/// <item>Availability is the authority on online/offline: a report from a device updates last seen and vitals and ends
/// "stale", but an offline device stays offline (with its reason) until its availability says online.</item>
/// <item>Stale: a device of a role with a limit (<see cref="DeviceHealthPolicy.StaleAfter"/>) that has not reported for
/// that long (at exactly the limit it is stale), counted from its last report, or from when it was first known.</item>
/// <item>Low battery: at or below the threshold; it stays low until the battery reaches the recovery level.</item>
/// <item>Repeated identical availability changes nothing (a second offline keeps the first reason).</item>
/// </list>
/// </summary>
public static class DeviceWatch
{
    /// <summary>A report from the device itself (any state message), with the vitals it carried, if any.</summary>
    public static DeviceHealthDecision Seen(
        DeviceHealthBook book, string device, DeviceRole role, ReportedVitals? vitals, DeviceHealthPolicy policy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(book);
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(policy);
        var known = book.Devices.GetValueOrDefault(device) ?? new DeviceHealth { KnownSince = now };
        if (known.Role == role && known.LastSeen is { } seen && now - seen < policy.LastSeenResolution
            && (vitals?.BatteryPercent is null || vitals.BatteryPercent == known.BatteryPercent))
        {
            return new DeviceHealthDecision(book, []);
        }

        var battery = vitals?.BatteryPercent ?? known.BatteryPercent;
        var health = known with
        {
            Role = role,
            LastSeen = now,
            BatteryPercent = battery,
            LinkQuality = vitals?.LinkQuality ?? known.LinkQuality,
            BatteryLow = battery switch
            {
                null => known.BatteryLow,
                var b when b <= policy.LowBattery => true,
                var b when b >= policy.BatteryRecovered => false,
                _ => known.BatteryLow,
            },
        };
        return Judge(book, device, health, policy, now);
    }

    /// <summary>The device's availability: Zigbee2MQTT <c>/availability</c>, Tasmota <c>LWT</c>, or a wired device's driver.</summary>
    public static DeviceHealthDecision Availability(
        DeviceHealthBook book, string device, bool online, string? reason, DeviceHealthPolicy policy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(book);
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(policy);
        if (book.Devices.TryGetValue(device, out var known) && known.Online == online)
        {
            return new DeviceHealthDecision(book, []);
        }

        var health = (known ?? new DeviceHealth { KnownSince = now }) with { Online = online, OfflineReason = online ? null : reason };
        return Judge(book, device, health, policy, now);
    }

    /// <summary>Called about once a minute (or second): devices whose silence reached their role's limit become stale.</summary>
    public static DeviceHealthDecision Tick(DeviceHealthBook book, DeviceHealthPolicy policy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(book);
        ArgumentNullException.ThrowIfNull(policy);
        Dictionary<string, DeviceHealth>? devices = null;
        var changes = new List<DeviceHealthChanged>();
        foreach (var (name, health) in book.Devices.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            var (status, since) = StatusAt(health, policy, now);
            if (status == health.Status)
            {
                continue;
            }

            devices ??= new Dictionary<string, DeviceHealth>(book.Devices, StringComparer.Ordinal);
            var updated = health with { Status = status };
            devices[name] = updated;
            changes.Add(Changed(name, updated, since));
        }

        return devices is null ? new DeviceHealthDecision(book, []) : new DeviceHealthDecision(book with { Devices = devices }, changes);
    }

    /// <summary>The devices that are not ok, by name (for the panel and Home Assistant).</summary>
    public static IReadOnlyList<string> DevicesWithProblems(DeviceHealthBook book)
    {
        ArgumentNullException.ThrowIfNull(book);
        return [.. book.Devices.Where(d => d.Value.Status != DeviceStatus.Ok).Select(d => d.Key).Order(StringComparer.Ordinal)];
    }

    /// <summary>The status a device has at <paramref name="now"/>, and since when (a stale device: the exact instant it became stale).</summary>
    public static (DeviceStatus Status, DateTimeOffset Since) StatusAt(DeviceHealth health, DeviceHealthPolicy policy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(health);
        ArgumentNullException.ThrowIfNull(policy);
        if (!health.Online)
        {
            return (DeviceStatus.Offline, now);
        }

        if (health.Role is { } role && policy.StaleAfter(role) is { } limit)
        {
            var staleAt = (health.LastSeen ?? health.KnownSince) + limit;
            if (now >= staleAt)
            {
                return (DeviceStatus.Stale, staleAt);
            }
        }

        return (health.BatteryLow ? DeviceStatus.LowBattery : DeviceStatus.Ok, now);
    }

    private static DeviceHealthDecision Judge(DeviceHealthBook book, string device, DeviceHealth health, DeviceHealthPolicy policy, DateTimeOffset now)
    {
        var (status, _) = StatusAt(health, policy, now);
        var updated = health with { Status = status };
        var devices = new Dictionary<string, DeviceHealth>(book.Devices, StringComparer.Ordinal) { [device] = updated };
        var known = book.Devices.TryGetValue(device, out var before);
        IReadOnlyList<DeviceHealthChanged> changes = status != (known ? before!.Status : DeviceStatus.Ok) ? [Changed(device, updated, now)] : [];
        return new DeviceHealthDecision(book with { Devices = devices }, changes);
    }

    private static DeviceHealthChanged Changed(string device, DeviceHealth health, DateTimeOffset at) => new(
        at,
        device,
        health.Status,
        health.LastSeen,
        health.BatteryPercent,
        health.LinkQuality,
        health.Status == DeviceStatus.Offline ? health.OfflineReason : null);
}
