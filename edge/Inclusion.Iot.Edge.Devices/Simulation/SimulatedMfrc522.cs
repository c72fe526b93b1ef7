using System.Device.Spi;

namespace Inclusion.Iot.Edge.Devices.Simulation;

/// <summary>
/// An MFRC522 on SPI, in memory, answering the binding's own SPI calls: the register map with its SPI framing
/// (address byte <c>reg &lt;&lt; 1</c>, bit 7 set to read), VersionReg, the FIFO, CommandReg (Idle, CalcCRC,
/// Transceive, SoftReset), the interrupt registers with their Set1/Set2 bit, ErrorReg, ControlReg's RxLastBits and
/// BitFramingReg's StartSend; and one ISO/IEC 14443-3 Type A card in the field with its state machine (IDLE, READY,
/// ACTIVE, HALT): REQA/WUPA → ATQA, anticollision and SELECT per cascade level (cascade tag 0x88, BCC, SAK with the
/// cascade bit), HLTA. A card left in the field after a SELECT ignores the next REQA and falls back to IDLE, as real
/// cards do, so a reader sees it every other poll. Thread-safe.
/// </summary>
public sealed class SimulatedMfrc522 : SpiDevice
{
    private const int FifoSize = 64;

    // Register addresses (datasheet chapter 9).
    private const int CommandReg = 0x01, ComIrqReg = 0x04, DivIrqReg = 0x05, ErrorReg = 0x06, FifoDataReg = 0x09, FifoLevelReg = 0x0A,
        ControlReg = 0x0C, BitFramingReg = 0x0D, ModeReg = 0x11, TxControlReg = 0x14, CrcResultHighReg = 0x21, CrcResultLowReg = 0x22, VersionReg = 0x37;

    // CommandReg commands.
    private const byte Idle = 0x00, CalcCrc = 0x03, Transceive = 0x0C, SoftReset = 0x0F;

    // ComIrqReg / DivIrqReg / ErrorReg bits.
    private const byte TimerIrq = 0x01, RxIrq = 0x20, TxIrq = 0x40, CrcIrq = 0x04, BufferOverflow = 0x10;

    // The card's commands.
    private const byte ReqA = 0x26, WupA = 0x52, HaltA = 0x50, CascadeTag = 0x88, CascadeBit = 0x04;

    private readonly object _sync = new();
    private readonly byte[] _registers = new byte[64];
    private readonly Queue<byte> _fifo = new();
    private readonly byte _version;
    private bool _stopped;
    private bool _throwWhenStopped;

    private byte[]? _uid;
    private byte _sak;
    private bool _junk;
    private CardState _card = CardState.Absent;
    private int _level;

    /// <param name="settings">The bus and chip select it sits on (bus 0, CE0 when null).</param>
    /// <param name="version">What VersionReg reads: 0x92 for an MFRC522 v2.0, 0x91 for v1.0, a clone's own value otherwise.</param>
    public SimulatedMfrc522(SpiConnectionSettings? settings = null, byte version = 0x92)
    {
        ConnectionSettings = settings ?? new SpiConnectionSettings(0, 0);
        _version = version;
        PowerOn();
    }

    private enum CardState
    {
        Absent,
        Idle,
        Ready,
        Active,
        Halt,
    }

    public override SpiConnectionSettings ConnectionSettings { get; }

    /// <summary>SPI transfers so far (every register access is one).</summary>
    public int Transfers { get; private set; }

    /// <summary>A card with <paramref name="uid"/> (4, 7 or 10 bytes) enters the field, powered up in IDLE.</summary>
    /// <param name="sak">Its SAK at the last cascade level (0x08 MIFARE Classic 1K, 0x00 Ultralight/NTAG).</param>
    public void PresentCard(byte[] uid, byte sak = 0x08)
    {
        ArgumentNullException.ThrowIfNull(uid);
        if (uid.Length is not (4 or 7 or 10)) throw new ArgumentException("A Type A UID has 4, 7 or 10 bytes.", nameof(uid));
        if (uid[0] == CascadeTag) throw new ArgumentException("UID0 cannot be the cascade tag 0x88.", nameof(uid));
        lock (_sync)
        {
            _uid = [.. uid];
            _sak = (byte)(sak & ~CascadeBit);
            _junk = false;
            _card = CardState.Idle;
        }
    }

    /// <summary>
    /// Something in the field answers REQA with an ATQA but garbles its anticollision answer (seven bytes where a
    /// cascade level has five: UID part and BCC), as a damaged card or RF noise does.
    /// </summary>
    public void PresentJunk()
    {
        lock (_sync)
        {
            _uid = [0x04, 0x12, 0x34, 0x56];
            _sak = 0x08;
            _junk = true;
            _card = CardState.Idle;
        }
    }

    /// <summary>The card leaves the field (and loses power).</summary>
    public void RemoveCard()
    {
        lock (_sync)
        {
            _uid = null;
            _junk = false;
            _card = CardState.Absent;
        }
    }

    /// <summary>
    /// The chip stops answering (unplugged, lost power): reads return 0x00 (MISO pulled low), or every transfer throws
    /// <see cref="IOException"/> when <paramref name="throwOnTransfer"/>.
    /// </summary>
    public void StopAnswering(bool throwOnTransfer = false)
    {
        lock (_sync)
        {
            _stopped = true;
            _throwWhenStopped = throwOnTransfer;
        }
    }

    /// <summary>The chip answers again, from power-on: every register at its reset value (antenna off) until configured afresh.</summary>
    public void Resume()
    {
        lock (_sync)
        {
            _stopped = false;
            PowerOn();
            if (_card != CardState.Absent) _card = CardState.Idle;
        }
    }

    /// <summary>What a register holds now (for tests): <paramref name="register"/> is its address, 0x00..0x3F.</summary>
    public byte RegisterValue(int register)
    {
        lock (_sync) return _registers[register & 0x3F];
    }

    public override void TransferFullDuplex(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer)
    {
        // The binding passes one buffer as both: copy what is sent before answering into it.
        writeBuffer = writeBuffer.ToArray();
        if (readBuffer.Length < writeBuffer.Length) throw new ArgumentException("The read buffer must be as long as the write buffer.", nameof(readBuffer));
        lock (_sync)
        {
            Transfers++;
            if (_stopped)
            {
                if (_throwWhenStopped) throw new IOException($"No answer on spi{ConnectionSettings.BusId}.{ConnectionSettings.ChipSelectLine} (simulated).");
                readBuffer[..writeBuffer.Length].Clear();
                return;
            }

            if (writeBuffer.IsEmpty) return;
            readBuffer[0] = 0x00;
            if ((writeBuffer[0] & 0x80) != 0)
            {
                // Read: each address byte is answered during the next byte; the last byte (0x00) only clocks out the answer.
                for (var i = 0; i + 1 < writeBuffer.Length; i++)
                {
                    readBuffer[i + 1] = ReadRegister((writeBuffer[i] >> 1) & 0x3F);
                }
            }
            else
            {
                // Write: one address byte, then data bytes, all to that register.
                var register = (writeBuffer[0] >> 1) & 0x3F;
                for (var i = 1; i < writeBuffer.Length; i++)
                {
                    readBuffer[i] = 0x00;
                    WriteRegister(register, writeBuffer[i]);
                }
            }
        }
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Span<byte> ignored = new byte[buffer.Length];
        TransferFullDuplex(buffer, ignored);
    }

    public override void WriteByte(byte value) => Write([value]);

    public override void Read(Span<byte> buffer)
    {
        Span<byte> zeros = new byte[buffer.Length];
        TransferFullDuplex(zeros, buffer);
    }

    public override byte ReadByte()
    {
        Span<byte> one = [0];
        Read(one);
        return one[0];
    }

    private void PowerOn()
    {
        Array.Clear(_registers);
        _fifo.Clear();
        // Reset values of the registers the binding reads back (datasheet table 20 and chapter 9.3).
        _registers[CommandReg] = 0x20;
        _registers[0x02] = 0x80; // ComIEnReg
        _registers[ComIrqReg] = 0x14;
        _registers[0x07] = 0x21; // Status1Reg
        _registers[0x0B] = 0x08; // WaterLevelReg
        _registers[ControlReg] = 0x10;
        _registers[0x0E] = 0xA0; // CollReg
        _registers[ModeReg] = 0x3F;
        _registers[TxControlReg] = 0x80; // antenna off
        _registers[0x26] = 0x48; // RFCfgReg
        _registers[VersionReg] = _version;
    }

    private byte ReadRegister(int register) => register switch
    {
        FifoDataReg => _fifo.Count > 0 ? _fifo.Dequeue() : (byte)0x00,
        FifoLevelReg => (byte)_fifo.Count,
        ComIrqReg or DivIrqReg => (byte)(_registers[register] & 0x7F),
        VersionReg => _version,
        _ => _registers[register],
    };

    private void WriteRegister(int register, byte value)
    {
        switch (register)
        {
            case CommandReg:
                _registers[CommandReg] = (byte)((_registers[CommandReg] & 0xF0) | (value & 0x30) | (value & 0x0F));
                Execute((byte)(value & 0x0F));
                break;
            case ComIrqReg or DivIrqReg:
                // Bit 7 (Set1/Set2) says whether the marked bits are set or cleared.
                _registers[register] = (value & 0x80) != 0 ? (byte)(_registers[register] | (value & 0x7F)) : (byte)(_registers[register] & ~(value & 0x7F));
                break;
            case FifoDataReg:
                if (_fifo.Count < FifoSize) _fifo.Enqueue(value);
                else _registers[ErrorReg] |= BufferOverflow;
                break;
            case FifoLevelReg:
                if ((value & 0x80) != 0)
                {
                    _fifo.Clear();
                    _registers[ErrorReg] &= unchecked((byte)~BufferOverflow);
                }

                break;
            case ErrorReg or VersionReg:
                break; // read-only
            case BitFramingReg:
                _registers[BitFramingReg] = value;
                if ((value & 0x80) != 0 && (_registers[CommandReg] & 0x0F) == Transceive) Transmit();
                break;
            default:
                _registers[register] = value;
                break;
        }
    }

    private void Execute(byte command)
    {
        switch (command)
        {
            case CalcCrc:
                var data = _fifo.ToArray();
                _fifo.Clear();
                var preset = (_registers[ModeReg] & 0x03) switch { 0 => (ushort)0x0000, 1 => Iso14443Crc.PresetA, 2 => (ushort)0xA671, _ => (ushort)0xFFFF };
                var crc = Iso14443Crc.Compute(data, preset);
                _registers[CrcResultHighReg] = (byte)(crc >> 8);
                _registers[CrcResultLowReg] = (byte)crc;
                _registers[DivIrqReg] |= CrcIrq;
                break;
            case SoftReset:
                var card = _card;
                PowerOn();
                _registers[CommandReg] = 0x20 | Idle;
                _card = card;
                break;
        }
    }

    /// <summary>StartSend under Transceive: the FIFO goes to the card; its answer (if any) comes back into the FIFO.</summary>
    private void Transmit()
    {
        var frame = _fifo.ToArray();
        _fifo.Clear();
        var lastBits = _registers[BitFramingReg] & 0x07;
        _registers[BitFramingReg] &= 0x7F;
        _registers[ErrorReg] = 0x00;
        _registers[ComIrqReg] |= TxIrq;
        var antennaOn = (_registers[TxControlReg] & 0x03) == 0x03;
        var answer = antennaOn ? CardAnswer(frame, lastBits) : null;
        if (answer is null)
        {
            // Nobody answered: the timer the binding set up (TAuto) runs out.
            _registers[ComIrqReg] |= TimerIrq;
            return;
        }

        foreach (var b in answer)
        {
            if (_fifo.Count < FifoSize) _fifo.Enqueue(b);
        }

        _registers[ControlReg] = (byte)(_registers[ControlReg] & 0xF8); // RxLastBits 0: whole bytes
        _registers[ComIrqReg] |= RxIrq;
    }

    /// <summary>The card's ISO/IEC 14443-3 state machine; null when it stays silent.</summary>
    private byte[]? CardAnswer(byte[] frame, int lastBits)
    {
        if (_card == CardState.Absent || _uid is null || frame.Length == 0) return null;
        if (frame.Length == 1 && lastBits == 7)
        {
            var wakes = frame[0] == WupA ? _card is CardState.Idle or CardState.Halt : frame[0] == ReqA && _card == CardState.Idle;
            if (wakes)
            {
                _card = CardState.Ready;
                _level = 1;
                return Atqa();
            }

            return Ignore();
        }

        if (lastBits != 0 || _card != CardState.Ready && !(_card == CardState.Active && frame[0] == HaltA)) return Ignore();

        if (_card == CardState.Active)
        {
            // HLTA: 50 00 CRC_A, never answered.
            if (frame.Length == 4 && frame[1] == 0x00 && Iso14443Crc.Check(frame)) _card = CardState.Halt;
            else _card = CardState.Idle;
            return null;
        }

        if (frame[0] != SelectCommand(_level)) return Ignore();
        var part = CascadePart(_level);
        if (frame.Length == 2 && frame[1] == 0x20)
        {
            // ANTICOLLISION with no known bits: the whole cascade level and its BCC.
            if (_junk) return [0x04, 0x12, 0x34, 0x56, 0xFF, 0x00, 0x13];
            return [.. part, Bcc(part)];
        }

        if (frame.Length == 9 && frame[1] == 0x70 && Iso14443Crc.Check(frame) && frame.AsSpan(2, 4).SequenceEqual(part) && frame[6] == Bcc(part))
        {
            // SELECT: SAK (with the cascade bit when a level follows) and its CRC_A.
            var complete = _level == Levels();
            if (complete) _card = CardState.Active;
            else _level++;
            return Iso14443Crc.Append([complete ? _sak : CascadeBit]);
        }

        return Ignore();
    }

    private byte[]? Ignore()
    {
        if (_card is CardState.Ready or CardState.Active) _card = CardState.Idle;
        return null;
    }

    /// <summary>ATQA, low byte first: bits 8..7 give the UID size (single, double, triple), bit 3 the bit-frame anticollision.</summary>
    private byte[] Atqa() => [(byte)(((Levels() - 1) << 6) | 0x04), 0x00];

    private int Levels() => _uid!.Length switch { 4 => 1, 7 => 2, _ => 3 };

    private static byte SelectCommand(int level) => (byte)(0x93 + 2 * (level - 1));

    /// <summary>The four UID bytes of a cascade level: CT 0x88 and three UID bytes, except at the last level.</summary>
    private byte[] CascadePart(int level)
    {
        var uid = _uid!;
        var offset = 3 * (level - 1);
        return level < Levels() ? [CascadeTag, uid[offset], uid[offset + 1], uid[offset + 2]] : uid[offset..(offset + 4)];
    }

    private static byte Bcc(ReadOnlySpan<byte> part) => (byte)(part[0] ^ part[1] ^ part[2] ^ part[3]);
}
