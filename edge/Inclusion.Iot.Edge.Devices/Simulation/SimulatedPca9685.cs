using System.Device.I2c;

namespace Inclusion.Iot.Edge.Devices.Simulation;

/// <summary>
/// A PCA9685 16-channel PWM chip in memory, the twin behind <see cref="Iot.Device.Pwm.Pca9685"/> for tests and the
/// edge's simulated hardware mode. A register map as in the NXP datasheet: MODE1/MODE2, the LEDn_ON/OFF registers,
/// ALL_LED (write-only, fans out to every channel), PRE_SCALE (written only while asleep, as on the chip) and
/// auto-increment (MODE1.AI). Like the chip with MODE2.OCH = 0, outputs change on the I2C STOP, so each
/// <see cref="Write"/> is one update of what the LEDs see; <see cref="DutyCycle"/> and <see cref="Changes"/> report
/// that output. Thread-safe.
/// </summary>
public sealed class SimulatedPca9685 : I2cDevice
{
    public const int ChannelCount = 16;
    public const double InternalClockHz = 25_000_000;

    private const byte Mode1 = 0x00;
    private const byte Mode2 = 0x01;
    private const byte Led0OnL = 0x06;
    private const byte AllLedOnL = 0xFA;
    private const byte PreScale = 0xFE;
    private const byte Mode1Sleep = 0x10;
    private const byte Mode1AutoIncrement = 0x20;
    private const byte FullBit = 0x10;

    private readonly object _sync = new();
    private readonly byte[] _registers = new byte[256];
    private readonly double[] _output = new double[ChannelCount];
    private readonly List<Pca9685OutputChange> _changes = [];
    private readonly TimeProvider _clock;
    private byte _pointer;

    /// <param name="settings">The bus and address the driver opened (0x40 when null).</param>
    /// <param name="clock">Stamps <see cref="Changes"/>; the system clock when null.</param>
    public SimulatedPca9685(I2cConnectionSettings? settings = null, TimeProvider? clock = null)
    {
        ConnectionSettings = settings ?? new I2cConnectionSettings(1, 0x40);
        _clock = clock ?? TimeProvider.System;

        // Power-on reset values (datasheet table 4 and 7.3.3): asleep, ALLCALL, 200 Hz, every LED full off.
        _registers[Mode1] = Mode1Sleep | 0x01;
        _registers[Mode2] = 0x04;
        _registers[0x02] = 0xE2;
        _registers[0x03] = 0xE4;
        _registers[0x04] = 0xE8;
        _registers[0x05] = 0xE0;
        for (var channel = 0; channel < ChannelCount; channel++) _registers[Led0OnL + 4 * channel + 3] = FullBit;
        _registers[PreScale] = 0x1E;
    }

    public override I2cConnectionSettings ConnectionSettings { get; }

    /// <summary>Every change of a channel's output, in order, stamped with the clock's timestamp.</summary>
    public IReadOnlyList<Pca9685OutputChange> Changes
    {
        get
        {
            lock (_sync) return [.. _changes];
        }
    }

    /// <summary>The PWM frequency the chip outputs, from PRE_SCALE and the internal 25 MHz oscillator.</summary>
    public double PwmFrequencyHz
    {
        get
        {
            lock (_sync) return InternalClockHz / 4096 / (_registers[PreScale] + 1.0);
        }
    }

    public bool IsAsleep
    {
        get
        {
            lock (_sync) return (_registers[Mode1] & Mode1Sleep) != 0;
        }
    }

    /// <summary>The share of each PWM period that <paramref name="channel"/>'s output is on (0 while the chip sleeps).</summary>
    public double DutyCycle(int channel)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(channel);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(channel, ChannelCount);
        lock (_sync) return _output[channel];
    }

    /// <summary>A register as the driver last left it (for tests of the map itself).</summary>
    public byte Register(byte address)
    {
        lock (_sync) return _registers[address];
    }

    public override byte ReadByte()
    {
        lock (_sync) return ReadNext();
    }

    public override void Read(Span<byte> buffer)
    {
        lock (_sync)
        {
            for (var i = 0; i < buffer.Length; i++) buffer[i] = ReadNext();
        }
    }

    public override void WriteByte(byte value) => Write([value]);

    /// <summary>One I2C write transaction: the control register (the pointer), then data bytes; ends with a STOP.</summary>
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (buffer.IsEmpty) return;
        lock (_sync)
        {
            _pointer = buffer[0];
            foreach (var value in buffer[1..]) WriteNext(value);
            UpdateOutputs();
        }
    }

    public override void WriteRead(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer)
    {
        Write(writeBuffer);
        Read(readBuffer);
    }

    private byte ReadNext()
    {
        // ALL_LED registers are write-only and read back as zero.
        var value = _pointer is >= AllLedOnL and < PreScale ? (byte)0 : _registers[_pointer];
        Advance();
        return value;
    }

    private void WriteNext(byte value)
    {
        switch (_pointer)
        {
            case PreScale:
                // The chip blocks PRE_SCALE writes while the oscillator runs.
                if ((_registers[Mode1] & Mode1Sleep) != 0) _registers[PreScale] = value;
                break;
            case >= AllLedOnL and < PreScale:
                for (var channel = 0; channel < ChannelCount; channel++) _registers[Led0OnL + 4 * channel + (_pointer - AllLedOnL)] = value;
                break;
            default:
                _registers[_pointer] = value;
                break;
        }

        Advance();
    }

    private void Advance()
    {
        if ((_registers[Mode1] & Mode1AutoIncrement) != 0) _pointer = unchecked((byte)(_pointer + 1));
    }

    private void UpdateOutputs()
    {
        var asleep = (_registers[Mode1] & Mode1Sleep) != 0;
        var now = _clock.GetTimestamp();
        for (var channel = 0; channel < ChannelCount; channel++)
        {
            var duty = asleep ? 0 : ChannelDuty(channel);
            if (duty == _output[channel]) continue;
            _output[channel] = duty;
            _changes.Add(new Pca9685OutputChange(now, channel, duty));
        }
    }

    private double ChannelDuty(int channel)
    {
        var at = Led0OnL + 4 * channel;
        var onHigh = _registers[at + 1];
        var offHigh = _registers[at + 3];
        if ((offHigh & FullBit) != 0) return 0; // full off wins over full on (datasheet 7.3.3)
        if ((onHigh & FullBit) != 0) return 1;
        var on = _registers[at] | (onHigh & 0x0F) << 8;
        var off = _registers[at + 2] | (offHigh & 0x0F) << 8;
        return on == off ? 0 : ((off - on + 4096) % 4096) / 4096.0;
    }
}
