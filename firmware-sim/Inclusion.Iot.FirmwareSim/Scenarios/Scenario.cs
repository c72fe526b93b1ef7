using System.Text.Json;
using Inclusion.Iot.FirmwareSim.Configuration;

namespace Inclusion.Iot.FirmwareSim.Scenarios;

public enum StepAction
{
    Badge,
    Occupancy,
    Door,
    Offline,
    Online,
    Raw,
    WaitFor,
    PresenceFlap,
    BatteryStale,
    FireAlarm,
    ExpectLock,
}

/// <summary>
/// One scenario step. Timing: <see cref="AtMs"/> is measured from the scenario's start; <see cref="DelayMs"/> from the end of
/// the previous step; neither means "right after the previous step".
/// </summary>
public sealed record ScenarioStep
{
    public required int Index { get; init; }
    public required StepAction Action { get; init; }
    public long? AtMs { get; init; }
    public long? DelayMs { get; init; }
    /// <summary>badge: a UID or a name from the badges file.</summary>
    public string? Badge { get; init; }
    /// <summary>The device the step acts on (badge: the reader; occupancy/door: optional, the room's first of that role).</summary>
    public string? Device { get; init; }
    /// <summary>occupancy: true/false; presence_flap: the first report (key <c>first</c>, default true).</summary>
    public bool? Value { get; init; }
    /// <summary>door: true = open.</summary>
    public bool? Open { get; init; }
    public string? Topic { get; init; }
    public string? Payload { get; init; }
    public bool Retain { get; init; }
    public string? Contains { get; init; }
    public int TimeoutMs { get; init; } = 10_000;
    /// <summary>presence_flap: time between reports.</summary>
    public long? IntervalMs { get; init; }
    /// <summary>presence_flap: how many reports.</summary>
    public int? Count { get; init; }
    /// <summary>battery_stale: the battery level of the last report.</summary>
    public int? Battery { get; init; }
    /// <summary>fire_alarm: smoke (true) or none (false).</summary>
    public bool? Active { get; init; }
    /// <summary>expect_lock: <c>held</c> or <c>released</c>.</summary>
    public string? LockState { get; init; }
    /// <summary>expect_lock: how long the lock may take to get there.</summary>
    public int WithinMs { get; init; } = DefaultWithinMs;

    public const int DefaultWithinMs = 2000;
}

/// <summary>A scenario file: <c>{"name":"…","steps":[{"at_ms":0,"action":"badge","badge":"olena","device":"entry-reader"}, …]}</c>.</summary>
public sealed record Scenario(string Name, string? Description, IReadOnlyList<ScenarioStep> Steps)
{
    private static readonly Dictionary<string, StepAction> Actions = new(StringComparer.Ordinal)
    {
        ["badge"] = StepAction.Badge,
        ["occupancy"] = StepAction.Occupancy,
        ["door"] = StepAction.Door,
        ["offline"] = StepAction.Offline,
        ["online"] = StepAction.Online,
        ["raw"] = StepAction.Raw,
        ["wait_for"] = StepAction.WaitFor,
        ["presence_flap"] = StepAction.PresenceFlap,
        ["battery_stale"] = StepAction.BatteryStale,
        ["fire_alarm"] = StepAction.FireAlarm,
        ["expect_lock"] = StepAction.ExpectLock,
    };

    private static readonly Dictionary<StepAction, string[]> AllowedKeys = new()
    {
        [StepAction.Badge] = ["badge", "device"],
        [StepAction.Occupancy] = ["value", "device"],
        [StepAction.Door] = ["open", "device"],
        [StepAction.Offline] = ["device"],
        [StepAction.Online] = ["device"],
        [StepAction.Raw] = ["topic", "payload", "retain"],
        [StepAction.WaitFor] = ["topic", "contains", "timeout_ms"],
        [StepAction.PresenceFlap] = ["device", "interval_ms", "count", "first"],
        [StepAction.BatteryStale] = ["device", "battery"],
        [StepAction.FireAlarm] = ["active", "device"],
        [StepAction.ExpectLock] = ["state", "within_ms", "device"],
    };

    /// <summary>The topic filters the <c>wait_for</c> steps watch (subscribed before the first step).</summary>
    public IEnumerable<string> WatchTopics => Steps.Where(s => s.Action == StepAction.WaitFor).Select(s => s.Topic!);

    public static Scenario Load(string path) => JsonFile.Load(Messages.ScenarioFile, path, Parse);

    public static Scenario Parse(string json, string path = "(inline)") => JsonFile.Parse(Messages.ScenarioFile, path, json, Parse);

    private static Scenario Parse(JsonElement root, string path)
    {
        ConfigurationException Bad(string key, string problem) => new(Messages.InvalidFile(Messages.ScenarioFile, path, key, problem));

        if (root.ValueKind != JsonValueKind.Object) throw Bad("(root)", Messages.MustBeObject);
        var name = OptionalString(root, "name", "name", Bad) ?? Path.GetFileNameWithoutExtension(path);
        var description = OptionalString(root, "description", "description", Bad);
        if (!root.TryGetProperty("steps", out var stepsElement)) throw Bad("steps", Messages.IsRequired);
        if (stepsElement.ValueKind != JsonValueKind.Array) throw Bad("steps", Messages.MustBeArray);

        var steps = new List<ScenarioStep>();
        long previousAt = 0;
        var index = 0;
        foreach (var s in stepsElement.EnumerateArray())
        {
            var key = $"steps[{index}]";
            if (s.ValueKind != JsonValueKind.Object) throw Bad(key, Messages.MustBeObject);
            var actionText = OptionalString(s, "action", key + ".action", Bad) ?? throw Bad(key + ".action", Messages.IsRequired);
            if (!Actions.TryGetValue(actionText, out var action))
            {
                throw Bad(key + ".action", Messages.UnknownValue(actionText, string.Join(", ", Actions.Keys)));
            }

            string[] common = ["action", "at_ms", "delay_ms", "comment"];
            foreach (var p in s.EnumerateObject())
            {
                if (!common.Contains(p.Name) && !AllowedKeys[action].Contains(p.Name))
                {
                    throw Bad($"{key}.{p.Name}", Messages.UnknownValue(p.Name, string.Join(", ", common.Concat(AllowedKeys[action]))));
                }
            }

            var at = OptionalLong(s, "at_ms", key, Bad);
            var delay = OptionalLong(s, "delay_ms", key, Bad);
            if (at is not null && delay is not null) throw Bad(key + ".at_ms", Messages.AtAndDelayTogether);
            if (at is not null)
            {
                if (at < previousAt) throw Bad(key + ".at_ms", Messages.AtMsGoesBack(at.Value, previousAt));
                previousAt = at.Value;
            }
            else
            {
                previousAt += delay ?? 0;
            }

            var step = new ScenarioStep { Index = index, Action = action, AtMs = at, DelayMs = delay };
            step = action switch
            {
                StepAction.Badge => step with
                {
                    Badge = OptionalString(s, "badge", key + ".badge", Bad) ?? throw Bad(key + ".badge", Messages.IsRequired),
                    Device = OptionalString(s, "device", key + ".device", Bad),
                },
                StepAction.Occupancy => step with
                {
                    Value = OptionalBool(s, "value", key + ".value", Bad) ?? throw Bad(key + ".value", Messages.IsRequired),
                    Device = OptionalString(s, "device", key + ".device", Bad),
                },
                StepAction.Door => step with
                {
                    Open = OptionalBool(s, "open", key + ".open", Bad) ?? throw Bad(key + ".open", Messages.IsRequired),
                    Device = OptionalString(s, "device", key + ".device", Bad),
                },
                StepAction.Offline or StepAction.Online => step with
                {
                    Device = OptionalString(s, "device", key + ".device", Bad) ?? throw Bad(key + ".device", Messages.IsRequired),
                },
                StepAction.Raw => step with
                {
                    Topic = RequiredTopic(s, key + ".topic", allowWildcards: false, Bad),
                    Payload = RawPayload(s, key + ".payload", Bad),
                    Retain = OptionalBool(s, "retain", key + ".retain", Bad) ?? false,
                },
                StepAction.WaitFor => step with
                {
                    Topic = RequiredTopic(s, key + ".topic", allowWildcards: true, Bad),
                    Contains = OptionalString(s, "contains", key + ".contains", Bad),
                    TimeoutMs = (int)(OptionalLong(s, "timeout_ms", key, Bad, positive: true) ?? 10_000),
                },
                StepAction.PresenceFlap => step with
                {
                    Device = OptionalString(s, "device", key + ".device", Bad),
                    IntervalMs = OptionalLong(s, "interval_ms", key, Bad, positive: true) ?? throw Bad(key + ".interval_ms", Messages.IsRequired),
                    Count = (int?)OptionalLong(s, "count", key, Bad, positive: true) ?? throw Bad(key + ".count", Messages.IsRequired),
                    Value = OptionalBool(s, "first", key + ".first", Bad) ?? true,
                },
                StepAction.BatteryStale => step with
                {
                    Device = OptionalString(s, "device", key + ".device", Bad) ?? throw Bad(key + ".device", Messages.IsRequired),
                    Battery = Percent(s, "battery", key, Bad),
                },
                StepAction.FireAlarm => step with
                {
                    Active = OptionalBool(s, "active", key + ".active", Bad) ?? throw Bad(key + ".active", Messages.IsRequired),
                    Device = OptionalString(s, "device", key + ".device", Bad),
                },
                StepAction.ExpectLock => step with
                {
                    LockState = LockStateOf(s, key + ".state", Bad),
                    WithinMs = (int)(OptionalLong(s, "within_ms", key, Bad, positive: true) ?? ScenarioStep.DefaultWithinMs),
                    Device = OptionalString(s, "device", key + ".device", Bad),
                },
                _ => step,
            };
            steps.Add(step);
            index++;
        }

        if (steps.Count == 0) throw Bad("steps", Messages.MustHaveSteps);
        return new Scenario(name, description, steps);
    }

    /// <summary>Checks names against the room and the badges file, so a typo fails before anything is published.</summary>
    public void Validate(RoomConfig room, BadgeBook badges, string path)
    {
        ArgumentNullException.ThrowIfNull(room);
        ArgumentNullException.ThrowIfNull(badges);
        foreach (var step in Steps)
        {
            var key = $"steps[{step.Index}]";
            try
            {
                if (step.Badge is not null) badges.Resolve(step.Badge);
            }
            catch (ArgumentException e)
            {
                throw new ConfigurationException(Messages.InvalidFile(Messages.ScenarioFile, path, key + ".badge", e.Message));
            }

            var role = step.Action switch
            {
                StepAction.Badge => DeviceRoles.EntryReader,
                StepAction.Occupancy => DeviceRoles.Occupancy,
                StepAction.Door => DeviceRoles.DoorContact,
                StepAction.PresenceFlap => DeviceRoles.Occupancy,
                StepAction.FireAlarm => DeviceRoles.FireAlarm,
                StepAction.ExpectLock => DeviceRoles.Lock,
                _ => null,
            };
            if (step.Device is null && role is null) continue;
            try
            {
                var device = room.FindDevice(step.Device, role);
                if (step.Action == StepAction.BatteryStale && device.Role is not (DeviceRoles.Occupancy or DeviceRoles.DoorContact))
                {
                    throw new ArgumentException(Messages.NotABatteryDevice(step.Device!));
                }
            }
            catch (ArgumentException e)
            {
                throw new ConfigurationException(Messages.InvalidFile(Messages.ScenarioFile, path, key + ".device", e.Message));
            }
        }
    }

    private static string? OptionalString(JsonElement obj, string property, string key, Func<string, string, ConfigurationException> bad)
    {
        if (!obj.TryGetProperty(property, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(v.GetString())) throw bad(key, Messages.MustBeString);
        return v.GetString();
    }

    private static bool? OptionalBool(JsonElement obj, string property, string key, Func<string, string, ConfigurationException> bad)
    {
        if (!obj.TryGetProperty(property, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        return v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw bad(key, Messages.MustBeBoolean),
        };
    }

    private static long? OptionalLong(JsonElement obj, string property, string stepKey, Func<string, string, ConfigurationException> bad, bool positive = false)
    {
        if (!obj.TryGetProperty(property, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        var key = $"{stepKey}.{property}";
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt64(out var n) || n < 0 || n > int.MaxValue)
        {
            throw bad(key, positive ? Messages.MustBePositiveInteger : Messages.MustBeNonNegativeInteger);
        }

        if (positive && n == 0) throw bad(key, Messages.MustBePositiveInteger);
        return n;
    }

    private static string LockStateOf(JsonElement obj, string key, Func<string, string, ConfigurationException> bad)
    {
        var state = OptionalString(obj, "state", key, bad) ?? throw bad(key, Messages.IsRequired);
        if (!Devices.DoorLock.States.Contains(state)) throw bad(key, Messages.UnknownValue(state, string.Join(", ", Devices.DoorLock.States)));
        return state;
    }

    private static int Percent(JsonElement obj, string property, string stepKey, Func<string, string, ConfigurationException> bad)
    {
        var key = $"{stepKey}.{property}";
        if (!obj.TryGetProperty(property, out var v) || v.ValueKind == JsonValueKind.Null) throw bad(key, Messages.IsRequired);
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out var n) || n is < 0 or > 100) throw bad(key, Messages.MustBePercent);
        return n;
    }

    private static string RequiredTopic(JsonElement obj, string key, bool allowWildcards, Func<string, string, ConfigurationException> bad)
    {
        var topic = OptionalString(obj, "topic", key, bad) ?? throw bad(key, Messages.IsRequired);
        var valid = allowWildcards
            ? IsValidFilter(topic)
            : !topic.Contains('+', StringComparison.Ordinal) && !topic.Contains('#', StringComparison.Ordinal);
        if (!valid) throw bad(key, Messages.MqttTopicInvalid(topic));
        return topic;
    }

    private static bool IsValidFilter(string filter)
    {
        var levels = filter.Split('/');
        for (var i = 0; i < levels.Length; i++)
        {
            var level = levels[i];
            if (level.Contains('#', StringComparison.Ordinal) && (level != "#" || i != levels.Length - 1)) return false;
            if (level.Contains('+', StringComparison.Ordinal) && level != "+") return false;
        }

        return true;
    }

    /// <summary>raw payload: a string is sent as is; any other JSON value is sent as its JSON text.</summary>
    private static string RawPayload(JsonElement obj, string key, Func<string, string, ConfigurationException> bad)
    {
        if (!obj.TryGetProperty("payload", out var v)) throw bad(key, Messages.IsRequired);
        return v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText();
    }
}
