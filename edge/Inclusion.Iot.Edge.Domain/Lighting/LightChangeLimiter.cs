using Inclusion.Iot.Edge.Domain.Room;

namespace Inclusion.Iot.Edge.Domain.Lighting;

/// <summary>
/// The last gate before a lighting zone: at most one change per zone per <see cref="MinimumInterval"/>, every change a
/// fade of at least the policy's minimum, never a repeat. A change asked for too soon is held and released by
/// <see cref="Due"/> (the room's one-second tick) once the zone's interval is up; a newer scene replaces a held one, so
/// a zone only ever gets the latest wish. Pure: no I/O, time only through the <c>now</c> it is given. Not thread-safe:
/// one caller (the decision holding the room's turn) at a time.
/// </summary>
public sealed class LightChangeLimiter(LightingPolicy? policy = null)
{
    private readonly Dictionary<string, Zone> _zones = new(StringComparer.Ordinal);

    public LightingPolicy Policy { get; } = policy ?? new LightingPolicy();

    /// <summary>The shortest time between two changes sent to one zone (never below one second).</summary>
    public TimeSpan MinimumInterval => Policy.MinimumInterval;

    /// <summary>When the earliest held change is due, or null when nothing is held.</summary>
    public DateTimeOffset? NextDueAt => _zones.Values.Where(z => z.Held is not null).Select(z => (DateTimeOffset?)z.DueAt).Min();

    /// <summary>The scene last sent to <paramref name="zone"/> (null if none, or forgotten).</summary>
    public LightScene? SceneOf(string zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return _zones.TryGetValue(zone, out var z) ? z.Sent : null;
    }

    /// <summary>The scene held for <paramref name="zone"/>, waiting for its interval (null if none).</summary>
    public LightScene? HeldFor(string zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return _zones.TryGetValue(zone, out var z) ? z.Held : null;
    }

    /// <summary>
    /// The room wants <paramref name="scene"/> on <paramref name="zone"/>: send it now, hold it until the zone's interval
    /// is up, or drop it as what the zone already has. A scene with the same on/off, level and colour temperature as the
    /// last one sent is a repeat whatever its fade (a fade to where the light already is changes nothing).
    /// </summary>
    public LimitedChange Offer(string zone, LightScene scene, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(scene);
        var wanted = Normalise(scene);
        if (!_zones.TryGetValue(zone, out var z))
        {
            _zones[zone] = new Zone { Sent = wanted, SentAt = now };
            return new LimitedChange(LightChangeOutcome.Send, wanted, now);
        }

        RebaseIfClockWentBack(z, now);
        if (z.Sent is { } sent && SameLight(sent, wanted))
        {
            // Back to what the zone has: a held change would now take it away again, so it goes too.
            z.Held = null;
            return new LimitedChange(LightChangeOutcome.Dropped, sent, now);
        }

        var dueAt = z.SentAt + MinimumInterval;
        if (now >= dueAt)
        {
            Send(z, wanted, now);
            return new LimitedChange(LightChangeOutcome.Send, wanted, now);
        }

        z.Held = wanted;
        z.DueAt = dueAt;
        return new LimitedChange(LightChangeOutcome.Held, wanted, dueAt);
    }

    /// <summary>The held changes whose interval is up at <paramref name="now"/>, to send now (ordered by zone name).</summary>
    public IReadOnlyList<(string Zone, LightScene Scene)> Due(DateTimeOffset now)
    {
        List<(string Zone, LightScene Scene)>? due = null;
        foreach (var (name, z) in _zones)
        {
            if (z.Held is not { } held) continue;
            RebaseIfClockWentBack(z, now);
            if (now < z.DueAt) continue;
            Send(z, held, now);
            (due ??= []).Add((name, held));
        }

        if (due is null) return [];
        due.Sort((a, b) => string.CompareOrdinal(a.Zone, b.Zone));
        return due;
    }

    /// <summary>
    /// The zone's light is no longer known (it came back online, or restarted): its next scene is sent even if it is the
    /// one last sent, but still no sooner than its interval after the last change. A held change stays held.
    /// </summary>
    public void Forget(string zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        if (_zones.TryGetValue(zone, out var z)) z.Sent = null;
    }

    /// <summary>The scene as a zone may get it: a fade of at least the minimum, level 0..100 %, kelvin within the room's range.</summary>
    public LightScene Normalise(LightScene scene)
    {
        ArgumentNullException.ThrowIfNull(scene);
        return scene with
        {
            BrightnessPercent = Math.Clamp(scene.BrightnessPercent, 0, 100),
            ColourTemperatureKelvin = Math.Clamp(scene.ColourTemperatureKelvin, LightScene.WarmestKelvin, LightScene.CoolestKelvin),
            FadeSeconds = Math.Max(scene.FadeSeconds, Policy.MinimumFade),
        };
    }

    /// <summary>Whether two scenes leave a lamp in the same state (the fade that got it there aside).</summary>
    public static bool SameLight(LightScene a, LightScene b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return a.On == b.On && a.BrightnessPercent == b.BrightnessPercent && a.ColourTemperatureKelvin == b.ColourTemperatureKelvin;
    }

    private static void Send(Zone z, LightScene scene, DateTimeOffset now)
    {
        z.Sent = scene;
        z.SentAt = now;
        z.Held = null;
    }

    /// <summary>
    /// The wall clock stepped back past the zone's last change (an NTP correction): the interval counts from now, so a
    /// held change waits one interval, not the size of the step.
    /// </summary>
    private void RebaseIfClockWentBack(Zone z, DateTimeOffset now)
    {
        if (now >= z.SentAt) return;
        z.SentAt = now;
        if (z.Held is not null) z.DueAt = now + MinimumInterval;
    }

    private sealed class Zone
    {
        public LightScene? Sent { get; set; }
        public DateTimeOffset SentAt { get; set; }
        public LightScene? Held { get; set; }
        public DateTimeOffset DueAt { get; set; }
    }
}
