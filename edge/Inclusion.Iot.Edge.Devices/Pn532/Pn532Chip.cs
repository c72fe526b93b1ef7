using Inclusion.Iot.Edge.Devices.Readers;
using Iot.Device.Pn532;
using Iot.Device.Pn532.ListPassive;
using Iot.Device.Pn532.RfConfiguration;
using Pn532Binding = Iot.Device.Pn532.Pn532;

namespace Inclusion.Iot.Edge.Devices.Pn532;

/// <summary>
/// The PN532 behind <see cref="PolledBadgeReader"/>: a binding made afresh on each initialisation (over a borrowed
/// I2C device, or the serial port by name), passive activation limited to a few retries so InListPassiveTarget
/// returns when no card is there, and the communication line test to tell "no card" from "no chip".
/// </summary>
internal sealed class Pn532Chip(string source, Func<Pn532Binding> open, IDisposable? ownedBus) : ICardReaderChip
{
    private Pn532Binding? _binding;

    public string Source { get; } = source;

    public string? Initialise()
    {
        DropBinding();
        // Wakes the chip, configures the SAM (normal mode) and reads the firmware version; throws when nothing answers.
        _binding = open();
        if (_binding.FirmwareVersion is not { IsPn532: true } firmware)
        {
            return "GetFirmwareVersion did not answer as a PN532";
        }

        // 0xFF (the default) would wait for a card forever; 0x01 is two tries, a few milliseconds.
        return _binding.SetMaxRetriesInitialization(new MaxRetriesMode { MaxRetryPassiveActivation = 0x01 })
            ? null
            : $"PN532 firmware {firmware.Version} refused RFConfiguration (MaxRetries)";
    }

    public CardPoll Poll()
    {
        if (_binding is null) return CardPoll.NotAnswering("not initialised");
        var targets = _binding.ListPassiveTarget(MaxTarget.One, TargetBaudRate.B106kbpsTypeA);
        if (targets is null)
        {
            // No target, or no answer at all: only the chip's echo tells which.
            return _binding.RunSelfTest(DiagnoseMode.CommunicationLineTest)
                ? CardPoll.NoCard
                : CardPoll.NotAnswering("no answer to the communication line test (Diagnose 0x00)");
        }

        var card = _binding.TryDecode106kbpsTypeA(targets.AsSpan(1));
        if (card is null) return CardPoll.Unreadable($"InListPassiveTarget answered {Convert.ToHexString(targets)}, not a Type A target");
        _binding.ReleaseTarget(card.TargetNumber);
        return CardPoll.Card(card.NfcId);
    }

    public void Dispose()
    {
        try
        {
            DropBinding();
        }
        finally
        {
            ownedBus?.Dispose();
        }
    }

    private void DropBinding()
    {
        var binding = _binding;
        _binding = null;
        binding?.Dispose();
    }
}
