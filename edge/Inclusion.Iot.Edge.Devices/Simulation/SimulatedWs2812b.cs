using System.Device.Spi;
using System.Drawing;
using Inclusion.Iot.Edge.Devices.Ws2812b;

namespace Inclusion.Iot.Edge.Devices.Simulation;

/// <summary>
/// A WS2812B strip or ring on SPI MOSI, in memory: keeps the bytes of every frame the binding wrote and decodes the
/// last one with <see cref="Ws2812bSignal"/> into <see cref="Pixels"/>, the pixel buffer as the LEDs would latch it.
/// Dark (all zero) until the first frame, as a strip is at power-on. Thread-safe.
/// </summary>
public sealed class SimulatedWs2812b : SpiDevice
{
    private readonly object _sync = new();
    private readonly List<byte[]> _frames = [];

    /// <param name="ledCount">LEDs on the strip.</param>
    /// <param name="settings">The settings the bus was opened with (bus 0, CE0 at the WS2812B clock when null).</param>
    public SimulatedWs2812b(int ledCount, SpiConnectionSettings? settings = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ledCount);
        LedCount = ledCount;
        ConnectionSettings = settings ?? Ws2812bSpi.Settings(0, 0);
    }

    public int LedCount { get; }

    public override SpiConnectionSettings ConnectionSettings { get; }

    public bool IsDisposed { get; private set; }

    /// <summary>How many frames were written.</summary>
    public int FrameCount
    {
        get
        {
            lock (_sync) return _frames.Count;
        }
    }

    /// <summary>The raw SPI bytes of every frame, in order.</summary>
    public IReadOnlyList<byte[]> Frames
    {
        get
        {
            lock (_sync) return [.. _frames];
        }
    }

    /// <summary>What each LED shows after the last frame (black before any).</summary>
    public Color[] Pixels
    {
        get
        {
            lock (_sync)
            {
                return _frames.Count == 0
                    ? Enumerable.Repeat(Color.FromArgb(0, 0, 0), LedCount).ToArray()
                    : Ws2812bSignal.Decode(_frames[^1], LedCount, ConnectionSettings.ClockFrequency);
            }
        }
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        var frame = buffer.ToArray();
        lock (_sync) _frames.Add(frame);
    }

    public override void WriteByte(byte value) => Write([value]);

    public override byte ReadByte() => 0;

    public override void Read(Span<byte> buffer) => buffer.Clear();

    public override void TransferFullDuplex(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer)
    {
        Write(writeBuffer);
        readBuffer.Clear();
    }

    protected override void Dispose(bool disposing)
    {
        IsDisposed = true;
        base.Dispose(disposing);
    }
}
