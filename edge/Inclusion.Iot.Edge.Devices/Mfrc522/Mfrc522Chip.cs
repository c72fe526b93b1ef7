using System.Device.Gpio;
using System.Device.Spi;
using Inclusion.Iot.Edge.Devices.Readers;
using Iot.Device.Mfrc522;

namespace Inclusion.Iot.Edge.Devices.Mfrc522;

/// <summary>
/// The MFRC522 behind <see cref="PolledBadgeReader"/>: the binding over a borrowed view of the SPI device (so it can
/// be re-created to re-initialise the chip), plus a direct read of VersionReg as the "still answering" check.
/// </summary>
internal sealed class Mfrc522Chip(SpiDevice spiDevice, int resetPin, GpioController? gpioController, bool ownsGpio) : ICardReaderChip
{
    /// <summary>VersionReg (0x37) as an SPI read address: (reg &lt;&lt; 1) | 0x80.</summary>
    private const byte VersionReadAddress = (0x37 << 1) | 0x80;

    /// <summary>
    /// A timeout already past: the binding's ListenToCardIso14443TypeA then sends one REQA and returns, instead of
    /// retrying with its own Thread.Sleep(10) on the wall clock; our loop owns the polling interval.
    /// </summary>
    private static readonly TimeSpan OneRequestOnly = TimeSpan.FromTicks(-1);

    private MfRc522? _binding;

    public string Source { get; } = $"spi{spiDevice.ConnectionSettings.BusId}.{spiDevice.ConnectionSettings.ChipSelectLine}";

    public string? Initialise()
    {
        DropBinding();
        // The constructor pulses the reset pin (when there is one), then writes the timer, ASK, CRC preset and antenna registers.
        _binding = new MfRc522(new BorrowedSpiDevice(spiDevice), resetPin, gpioController, shouldDispose: false);
        if (VersionFault() is { } fault) return fault;
        return _binding.Enabled ? null : "the antenna did not switch on (TxControlReg did not keep its value)";
    }

    public CardPoll Poll()
    {
        if (_binding is null) return CardPoll.NotAnswering("not initialised");
        if (VersionFault() is { } fault) return CardPoll.NotAnswering(fault);
        if (!_binding.Enabled)
        {
            // Still answering, but reset under us (a brown-out): the antenna is off again. Configure it afresh.
            if (Initialise() is { } reason) return CardPoll.NotAnswering(reason);
        }

        if (_binding!.ListenToCardIso14443TypeA(out var card, OneRequestOnly))
        {
            return CardPoll.Card(card.NfcId);
        }

        // The binding sets the ATQA before the anticollision: a card answered REQA, but its UID could not be read.
        return card.Atqa != 0
            ? CardPoll.Unreadable($"a card answered (ATQA 0x{card.Atqa:X4}) but its UID could not be read (anticollision or select failed)")
            : CardPoll.NoCard;
    }

    public void Dispose()
    {
        try
        {
            DropBinding();
        }
        finally
        {
            spiDevice.Dispose();
            if (ownsGpio) gpioController?.Dispose();
        }
    }

    /// <summary>Null when VersionReg reads like a chip (0x91/0x92 genuine, or a clone's own value); the fault otherwise.</summary>
    private string? VersionFault()
    {
        Span<byte> buffer = [VersionReadAddress, 0x00];
        spiDevice.TransferFullDuplex(buffer, buffer);
        return buffer[1] is 0x00 or 0xFF ? $"VersionReg reads 0x{buffer[1]:X2}: no MFRC522 answers on {Source}" : null;
    }

    private void DropBinding()
    {
        var binding = _binding;
        _binding = null;
        binding?.Dispose(); // switches the antenna off; the borrowed SPI device stays open
    }
}
