using System.Device.Gpio;

namespace Inclusion.Iot.Edge.Devices.Simulation;

/// <summary>
/// A TM1637 LED driver on two simulated pins: decodes what the real chip would receive from the CLK/DIO writes a
/// <see cref="SimulatedGpioDriver"/> reports (start: DIO falls while CLK is high; 8 bits LSB first, sampled on CLK's
/// rising edge; a ninth clock for the ACK; stop: DIO rises while CLK is high) into its display memory and display
/// control, and pulls DIO low for each ACK as the chip does. Pass <see cref="AnswerRead"/> as the driver's read hook,
/// then <see cref="ConnectTo"/> the driver. Thread-safe.
/// </summary>
public sealed class SimulatedTm1637
{
    private const int Grids = 6;

    private readonly object _sync = new();
    private readonly int _clockPin;
    private readonly int _dataPin;
    private readonly byte[] _memory = new byte[Grids];
    private readonly List<string> _faults = [];
    private bool _clock;
    private bool _data;
    private bool _receiving;
    private bool _awaitingAck;
    private int _bits;
    private byte _shift;
    private int _bytesInTransmission;
    private bool _addressing;
    private bool _fixedAddress;
    private int _address;

    public SimulatedTm1637(int clockPin, int dataPin)
    {
        _clockPin = clockPin;
        _dataPin = dataPin;
    }

    /// <summary>The display memory, one segment byte per grid (bit 0 = a … bit 6 = g, bit 7 = dp or colon).</summary>
    public IReadOnlyList<byte> Segments
    {
        get
        {
            lock (_sync) return [.. _memory];
        }
    }

    /// <summary>The last display control command's on/off bit (off until one arrives, as at power-up).</summary>
    public bool DisplayOn { get; private set; }

    /// <summary>The last display control command's brightness, 0..7.</summary>
    public int Brightness { get; private set; }

    /// <summary>Bytes acknowledged so far.</summary>
    public int BytesReceived { get; private set; }

    /// <summary>What the chip could not make sense of (an unknown command, a partial byte); empty when all was well.</summary>
    public IReadOnlyList<string> Faults
    {
        get
        {
            lock (_sync) return [.. _faults];
        }
    }

    /// <summary>The read hook: DIO reads Low while the chip acknowledges a byte; anything else falls through.</summary>
    public PinValue? AnswerRead(int pin)
    {
        lock (_sync) return pin == _dataPin && _awaitingAck ? PinValue.Low : null;
    }

    public void ConnectTo(SimulatedGpioDriver driver)
    {
        ArgumentNullException.ThrowIfNull(driver);
        driver.PinWritten += OnPinWritten;
    }

    private void OnPinWritten(int pin, PinValue value)
    {
        var high = value == PinValue.High;
        lock (_sync)
        {
            if (pin == _clockPin)
            {
                var rising = high && !_clock;
                _clock = high;
                if (rising && _receiving) OnClockRising();
            }
            else if (pin == _dataPin)
            {
                var changed = high != _data;
                _data = high;
                if (changed && _clock)
                {
                    if (high) Stop();
                    else Start();
                }
            }
        }
    }

    private void Start()
    {
        _receiving = true;
        _awaitingAck = false;
        _bits = 0;
        _shift = 0;
        _bytesInTransmission = 0;
        _addressing = false;
    }

    private void Stop()
    {
        // The stop condition's own clock pulse looks like a first bit: only a longer run is a fault.
        if (_receiving && (_awaitingAck || _bits > 1)) _faults.Add($"stop after {_bits} bit(s) of a byte");
        _receiving = false;
        _awaitingAck = false;
    }

    private void OnClockRising()
    {
        if (_awaitingAck)
        {
            _awaitingAck = false;
            BytesReceived++;
            return;
        }

        if (_data) _shift |= (byte)(1 << _bits);
        if (++_bits < 8) return;
        var received = _shift;
        _bits = 0;
        _shift = 0;
        _awaitingAck = true;
        OnByte(received);
    }

    private void OnByte(byte value)
    {
        var first = _bytesInTransmission++ == 0;
        if (!first)
        {
            if (!_addressing)
            {
                _faults.Add($"data 0x{value:X2} without an address command");
                return;
            }

            if (_address < Grids) _memory[_address] = value;
            else _faults.Add($"data 0x{value:X2} past the last grid");
            if (!_fixedAddress) _address++;
            return;
        }

        switch (value & 0b1100_0000)
        {
            case 0b0100_0000:
                // Data command: bit 2 fixed address; bit 1 would be a key read, which this chip's wiring has no use for.
                if ((value & 0b0000_0010) != 0) _faults.Add($"key read command 0x{value:X2}");
                _fixedAddress = (value & 0b0000_0100) != 0;
                break;
            case 0b1000_0000:
                DisplayOn = (value & 0b0000_1000) != 0;
                Brightness = value & 0b0000_0111;
                break;
            case 0b1100_0000:
                _address = value & 0b0000_0111;
                _addressing = true;
                break;
            default:
                _faults.Add($"unknown command 0x{value:X2}");
                break;
        }
    }
}
