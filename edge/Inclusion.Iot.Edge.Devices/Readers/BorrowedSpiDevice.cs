using System.Device.Spi;

namespace Inclusion.Iot.Edge.Devices.Readers;

/// <summary>
/// The reader's SPI device lent to a binding that disposes its bus (MfRc522 does): re-initialising the chip means a
/// new binding over the same device, so the binding's <c>Dispose</c> must not close it. The reader disposes the real one.
/// </summary>
internal sealed class BorrowedSpiDevice(SpiDevice device) : SpiDevice
{
    public override SpiConnectionSettings ConnectionSettings => device.ConnectionSettings;

    public override byte ReadByte() => device.ReadByte();

    public override void Read(Span<byte> buffer) => device.Read(buffer);

    public override void WriteByte(byte value) => device.WriteByte(value);

    public override void Write(ReadOnlySpan<byte> buffer) => device.Write(buffer);

    public override void TransferFullDuplex(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer) => device.TransferFullDuplex(writeBuffer, readBuffer);

    protected override void Dispose(bool disposing)
    {
        // Not ours to close.
    }
}
