using Inclusion.Iot.Edge.Domain.Room;

namespace Inclusion.Iot.Edge.Domain.Lighting;

/// <summary>What <see cref="LightChangeLimiter.Offer"/> decided for one zone.</summary>
public enum LightChangeOutcome
{
    /// <summary>Send <see cref="LimitedChange.Scene"/> to the zone now.</summary>
    Send,

    /// <summary>Too soon after the zone's last change: held until <see cref="LimitedChange.At"/> (a newer offer replaces it).</summary>
    Held,

    /// <summary>The zone already has (or was last sent) this scene: nothing to send, and any held change is cancelled.</summary>
    Dropped,
}

/// <summary>
/// The limiter's answer to an offered scene. <see cref="Scene"/> is the scene as it will reach the zone (fade clamped up,
/// level and colour temperature in range); <see cref="At"/> is now for <see cref="LightChangeOutcome.Send"/> and
/// <see cref="LightChangeOutcome.Dropped"/>, and the release time for <see cref="LightChangeOutcome.Held"/>.
/// </summary>
public sealed record LimitedChange(LightChangeOutcome Outcome, LightScene Scene, DateTimeOffset At)
{
    public bool SendNow => Outcome == LightChangeOutcome.Send;
}
