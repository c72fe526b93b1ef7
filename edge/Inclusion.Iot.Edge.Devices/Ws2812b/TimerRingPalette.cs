using System.Drawing;
using Inclusion.Iot.Edge.Domain.Room;

namespace Inclusion.Iot.Edge.Devices.Ws2812b;

/// <summary>
/// The timer ring's colour for each phase, at full scale (the ring dims them all by its brightness). Calm by default:
/// green while running, soft amber at five minutes, warm orange at one minute, a dim soft violet-white when time is up
/// and a fainter one in overrun. Sensory safety: no colour may be red-dominant (<see cref="IsRedDominant"/>), so a
/// profile's palette can never turn the ring into a red alarm.
/// </summary>
public sealed record TimerRingPalette
{
    public static readonly TimerRingPalette Calm = new(
        running: Color.FromArgb(0, 190, 110),
        fiveMinuteWarning: Color.FromArgb(255, 170, 40),
        oneMinuteWarning: Color.FromArgb(255, 120, 30),
        ended: Color.FromArgb(80, 65, 110),
        overrun: Color.FromArgb(40, 35, 60));

    public TimerRingPalette(Color running, Color fiveMinuteWarning, Color oneMinuteWarning, Color ended, Color overrun)
    {
        Running = Checked(running, nameof(running));
        FiveMinuteWarning = Checked(fiveMinuteWarning, nameof(fiveMinuteWarning));
        OneMinuteWarning = Checked(oneMinuteWarning, nameof(oneMinuteWarning));
        Ended = Checked(ended, nameof(ended));
        Overrun = Checked(overrun, nameof(overrun));
    }

    public Color Running { get; }

    public Color FiveMinuteWarning { get; }

    public Color OneMinuteWarning { get; }

    public Color Ended { get; }

    public Color Overrun { get; }

    public Color For(TimerPhase phase) => phase switch
    {
        TimerPhase.Running => Running,
        TimerPhase.FiveMinuteWarning => FiveMinuteWarning,
        TimerPhase.OneMinuteWarning => OneMinuteWarning,
        TimerPhase.Ended => Ended,
        TimerPhase.Overrun => Overrun,
        _ => throw new ArgumentOutOfRangeException(nameof(phase), phase, "Unknown timer phase."),
    };

    /// <summary>Red with little green or blue: the colour of an alarm, which the room never shows.</summary>
    public static bool IsRedDominant(Color colour) => colour.R > 0 && colour.G + colour.B < colour.R / 2;

    private static Color Checked(Color colour, string parameter) =>
        IsRedDominant(colour)
            ? throw new ArgumentException($"{colour} is red-dominant; the timer never shows an alarm colour.", parameter)
            : Color.FromArgb(colour.R, colour.G, colour.B);
}
