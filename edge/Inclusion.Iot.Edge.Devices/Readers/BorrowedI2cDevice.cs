using System.Device.I2c;

namespace Inclusion.Iot.Edge.Devices.Readers;

/// <summary>The reader's I2C device lent to a binding that disposes its bus (Pn532 does); see <see cref="BorrowedSpiDevice"/>.</summary>
internal sealed class BorrowedI2cDevice(I2cDevice device) : I2cDevice
{
    public override I2cConnectionSettings ConnectionSettings => device.ConnectionSettings;

    public override byte ReadByte() => device.ReadByte();

    public override void Read(Span<byte> buffer) => device.Read(buffer);

    public override void WriteByte(byte value) => device.WriteByte(value);

    public override void Write(ReadOnlySpan<byte> buffer) => device.Write(buffer);

    public override void WriteRead(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer) => device.WriteRead(writeBuffer, readBuffer);

    protected override void Dispose(bool disposing)
    {
        // Not ours to close.
    }
}
