using System.Device.I2c;

namespace Inclusion.Iot.Edge.Devices.Simulation;

/// <summary>
/// A PN532 on I2C (address 0x24), in memory, answering the binding's framing (user manual UM0701-02, 6.2): the host
/// writes a normal information frame <c>00 00 FF LEN LCS D4 CMD … DCS 00</c>; every read starts with the ready status
/// byte (bit 0), then the pending frame: first the ACK <c>00 00 FF 00 FF 00</c>, then the answer <c>… D5 CMD+1 …</c>.
/// Commands: Diagnose (communication line test), GetFirmwareVersion, SetParameters, SAMConfiguration, RFConfiguration,
/// InListPassiveTarget at 106 kbps Type A (NbTg, Tg, SENS_RES, SEL_RES, NFCID length and NFCID), InRelease,
/// PowerDown, ReadGPIO. After power-on the RF side answers nothing until SAMConfiguration, as the chip's. Thread-safe.
/// </summary>
public sealed class SimulatedPn532 : I2cDevice
{
    private static readonly byte[] Ack = [0x00, 0x00, 0xFF, 0x00, 0xFF, 0x00];
    private static readonly byte[] ApplicationError = [0x00, 0x00, 0xFF, 0x01, 0xFF, 0x7F, 0x81, 0x00];

    private readonly object _sync = new();
    private readonly Queue<byte[]> _pending = new();
    private bool _stopped;
    private bool _samConfigured;
    private byte[]? _uid;
    private byte _sak;

    /// <param name="settings">The bus and address it sits on (bus 1, 0x24 when null).</param>
    public SimulatedPn532(I2cConnectionSettings? settings = null)
    {
        ConnectionSettings = settings ?? new I2cConnectionSettings(1, 0x24);
    }

    public override I2cConnectionSettings ConnectionSettings { get; }

    /// <summary>InListPassiveTarget commands answered so far.</summary>
    public int ListPassiveTargetCount { get; private set; }

    /// <summary>A Type A card with <paramref name="uid"/> enters the field.</summary>
    public void PresentCard(byte[] uid, byte sak = 0x08)
    {
        ArgumentNullException.ThrowIfNull(uid);
        lock (_sync)
        {
            _uid = [.. uid];
            _sak = sak;
        }
    }

    /// <summary>A target whose NFCID is five bytes long: no ISO/IEC 14443 UID size, junk from a reader's point of view.</summary>
    public void PresentJunk() => PresentCard([0x04, 0x11, 0x22, 0x33, 0x44]);

    public void RemoveCard()
    {
        lock (_sync) _uid = null;
    }

    /// <summary>The chip stops answering: every transfer throws <see cref="IOException"/>, as Linux does when no device acknowledges the address.</summary>
    public void StopAnswering()
    {
        lock (_sync) _stopped = true;
    }

    /// <summary>The chip answers again, from power-on: nothing pending, and no RF until SAMConfiguration.</summary>
    public void Resume()
    {
        lock (_sync)
        {
            _stopped = false;
            _samConfigured = false;
            _pending.Clear();
        }
    }

    public override byte ReadByte()
    {
        lock (_sync)
        {
            ThrowIfStopped();
            return Status();
        }
    }

    public override void Read(Span<byte> buffer)
    {
        lock (_sync)
        {
            ThrowIfStopped();
            buffer.Clear();
            if (buffer.IsEmpty) return;
            buffer[0] = Status();
            if (_pending.Count == 0) return;
            var frame = _pending.Dequeue();
            frame.AsSpan(0, Math.Min(frame.Length, buffer.Length - 1)).CopyTo(buffer[1..]);
        }
    }

    public override void WriteByte(byte value) => Write([value]);

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        lock (_sync)
        {
            ThrowIfStopped();
            if (!TryReadFrame(buffer, out var command, out var data)) return;
            _pending.Clear();
            _pending.Enqueue(Ack);
            _pending.Enqueue(Execute(command, data) is { } answer ? Frame((byte)(command + 1), answer) : ApplicationError);
        }
    }

    public override void WriteRead(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer)
    {
        Write(writeBuffer);
        Read(readBuffer);
    }

    private byte Status() => _pending.Count > 0 ? (byte)0x01 : (byte)0x00;

    private void ThrowIfStopped()
    {
        if (_stopped) throw new IOException($"No acknowledge from 0x{ConnectionSettings.DeviceAddress:X2} on i2c-{ConnectionSettings.BusId} (simulated).");
    }

    /// <summary>Finds <c>00 FF LEN LCS D4 CMD data DCS</c> after any preamble or wake-up zeros, checking both checksums.</summary>
    private static bool TryReadFrame(ReadOnlySpan<byte> buffer, out byte command, out byte[] data)
    {
        command = 0;
        data = [];
        var start = buffer.IndexOf([(byte)0x00, (byte)0xFF]);
        if (start < 0 || start + 6 > buffer.Length) return false;
        var length = buffer[start + 2];
        if ((byte)(length + buffer[start + 3]) != 0 || length < 2 || start + 4 + length >= buffer.Length) return false;
        var body = buffer.Slice(start + 4, length);
        if (body[0] != 0xD4) return false;
        byte sum = 0;
        foreach (var b in body) sum += b;
        if ((byte)(sum + buffer[start + 4 + length]) != 0) return false;
        command = body[1];
        data = body[2..].ToArray();
        return true;
    }

    private static byte[] Frame(byte code, ReadOnlySpan<byte> data)
    {
        var length = (byte)(data.Length + 2);
        byte sum = (byte)(0xD5 + code);
        foreach (var b in data) sum += b;
        return [0x00, 0x00, 0xFF, length, (byte)-length, 0xD5, code, .. data, (byte)-sum, 0x00];
    }

    /// <summary>The answer's data for <paramref name="command"/>, or null for an application-level error frame.</summary>
    private byte[]? Execute(byte command, byte[] data)
    {
        switch (command)
        {
            case 0x00 when data.Length > 0 && data[0] == 0x00: return data; // Diagnose, communication line test: echo
            case 0x02: return [0x32, 0x01, 0x06, 0x07]; // GetFirmwareVersion: PN532, firmware 1.6, ISO/IEC 14443 A and B, FeliCa
            case 0x0C: return [0xFF, 0xFF, 0x00]; // ReadGPIO: P3, P7, I2C interface
            case 0x12: return []; // SetParameters
            case 0x14:
                _samConfigured = data.Length > 0 && data[0] == 0x01; // SAMConfiguration, normal mode
                return [];
            case 0x16: return [0x00]; // PowerDown
            case 0x32: return []; // RFConfiguration
            case 0x4A when data.Length >= 2 && data[1] == 0x00: return _samConfigured ? ListPassiveTarget() : null;
            case 0x52: return [0x00]; // InRelease
            default: return null;
        }
    }

    private byte[] ListPassiveTarget()
    {
        ListPassiveTargetCount++;
        if (_uid is null) return [0x00];
        var sizeBits = _uid.Length switch { 4 => 0x00, 7 => 0x40, _ => 0x80 };
        // NbTg, Tg, SENS_RES (ATQA, high byte first), SEL_RES (SAK), NFCIDLength, NFCID.
        return [0x01, 0x01, 0x00, (byte)(sizeBits | 0x04), _sak, (byte)_uid.Length, .. _uid];
    }
}
