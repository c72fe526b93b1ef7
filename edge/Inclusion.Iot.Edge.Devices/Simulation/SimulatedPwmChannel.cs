using System.Device.Pwm;

namespace Inclusion.Iot.Edge.Devices.Simulation;

/// <summary>
/// A PWM channel in memory, the twin of the Pi's hardware PWM (<c>/sys/class/pwm</c>): remembers frequency, duty
/// and whether it runs, and records what the output did, stamped with the clock. Thread-safe.
/// </summary>
public sealed class SimulatedPwmChannel : PwmChannel
{
    private readonly object _sync = new();
    private readonly List<PwmOutputChange> _changes = [];
    private readonly TimeProvider _clock;
    private int _frequency;
    private double _dutyCycle;
    private bool _running;

    /// <param name="frequencyHz">The frequency the channel had when opened (the kernel keeps it between programs).</param>
    /// <param name="dutyCycle">The duty it had when opened.</param>
    /// <param name="running">Whether it was enabled when opened.</param>
    /// <param name="clock">Stamps <see cref="Changes"/>; the system clock when null.</param>
    public SimulatedPwmChannel(int frequencyHz = 400, double dutyCycle = 0, bool running = false, TimeProvider? clock = null)
    {
        _frequency = frequencyHz;
        _dutyCycle = dutyCycle;
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
            lock (_sync) _frequency = value;
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

    /// <summary>The duty the pin actually outputs: the set duty while running, else 0.</summary>
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

    private double OutputLocked() => _running ? _dutyCycle : 0;

    private void Record(double before)
    {
        var after = OutputLocked();
        if (after != before) _changes.Add(new PwmOutputChange(_clock.GetTimestamp(), after));
    }
}
