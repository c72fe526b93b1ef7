using System.Device.Pwm;

namespace Inclusion.Iot.Edge.Devices.Simulation;

/// <summary>
/// A PWM channel in memory, the twin of the Pi's hardware PWM (<c>/sys/class/pwm</c>) as the Linux channel drives it:
/// the kernel holds a period and an on-time in nanoseconds, a new frequency changes only the period (an on-time longer
/// than the period is refused, as the kernel does with EINVAL), and <see cref="DutyCycle"/> reads back what was last
/// set. <see cref="Output"/> and <see cref="Changes"/> are what the pin really does. Thread-safe.
/// </summary>
public sealed class SimulatedPwmChannel : PwmChannel
{
    private readonly object _sync = new();
    private readonly List<PwmOutputChange> _changes = [];
    private readonly TimeProvider _clock;
    private int _frequency;
    private double _dutyCycle;
    private long _periodNs;
    private long _onNs;
    private bool _running;

    /// <param name="frequencyHz">The frequency the channel had when opened (the kernel keeps it between programs).</param>
    /// <param name="dutyCycle">The duty it had when opened.</param>
    /// <param name="running">Whether it was enabled when opened.</param>
    /// <param name="clock">Stamps <see cref="Changes"/>; the system clock when null.</param>
    public SimulatedPwmChannel(int frequencyHz = 400, double dutyCycle = 0, bool running = false, TimeProvider? clock = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frequencyHz);
        _frequency = frequencyHz;
        _dutyCycle = dutyCycle;
        _periodNs = PeriodNs(frequencyHz);
        _onNs = (long)(_periodNs * dutyCycle);
        _running = running;
        _clock = clock ?? TimeProvider.System;
    }

    public override int Frequency
    {
        get
        {
            lock (_sync) return _frequency;
        }
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            lock (_sync)
            {
                var period = PeriodNs(value);
                if (_onNs > period) throw new IOException($"Invalid argument: on-time {_onNs} ns exceeds the new period {period} ns.");
                var before = OutputLocked();
                _frequency = value;
                _periodNs = period;
                Record(before);
            }
        }
    }

    public override double DutyCycle
    {
        get
        {
            lock (_sync) return _dutyCycle;
        }
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 1.0);
            lock (_sync)
            {
                var before = OutputLocked();
                _dutyCycle = value;
                _onNs = (long)(_periodNs * value);
                Record(before);
            }
        }
    }

    public bool IsRunning
    {
        get
        {
            lock (_sync) return _running;
        }
    }

    public bool IsDisposed { get; private set; }

    /// <summary>The share of the period the pin is on: on-time over period while running, else 0.</summary>
    public double Output
    {
        get
        {
            lock (_sync) return OutputLocked();
        }
    }

    /// <summary>Every change of the pin's output duty, in order.</summary>
    public IReadOnlyList<PwmOutputChange> Changes
    {
        get
        {
            lock (_sync) return [.. _changes];
        }
    }

    public override void Start()
    {
        lock (_sync)
        {
            var before = OutputLocked();
            _running = true;
            Record(before);
        }
    }

    public override void Stop()
    {
        lock (_sync)
        {
            var before = OutputLocked();
            _running = false;
            Record(before);
        }
    }

    protected override void Dispose(bool disposing)
    {
        IsDisposed = true;
        base.Dispose(disposing);
    }

    private static long PeriodNs(int frequencyHz) => 1_000_000_000L / frequencyHz;

    private double OutputLocked() => _running ? (double)_onNs / _periodNs : 0;

    private void Record(double before)
    {
        var after = OutputLocked();
        if (after != before) _changes.Add(new PwmOutputChange(_clock.GetTimestamp(), after));
    }
}
