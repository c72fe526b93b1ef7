namespace Inclusion.Iot.Edge.Domain.Lighting;

/// <summary>
/// The sensory lighting limits (zero or negative means "use the default", like <c>RoomRules</c>). WCAG 2.3.1 allows
/// three flashes a second; the room allows none: at most one change per zone per interval, and every change a fade.
/// Both values are whole seconds, so no policy can make the interval or the fade shorter than one second.
/// </summary>
public sealed record LightingPolicy
{
    public const int DefaultMinimumIntervalSeconds = 1;
    public const int DefaultMinimumFadeSeconds = 1;

    /// <summary>The shortest time between two changes sent to one lighting zone.</summary>
    public int MinimumIntervalSeconds { get; init; } = DefaultMinimumIntervalSeconds;

    /// <summary>The shortest fade a change may use: a scene asking for less (or for a cut, 0) is faded over this long.</summary>
    public int MinimumFadeSeconds { get; init; } = DefaultMinimumFadeSeconds;

    public TimeSpan MinimumInterval => TimeSpan.FromSeconds(MinimumIntervalSeconds > 0 ? MinimumIntervalSeconds : DefaultMinimumIntervalSeconds);

    public int MinimumFade => MinimumFadeSeconds > 0 ? MinimumFadeSeconds : DefaultMinimumFadeSeconds;
}
