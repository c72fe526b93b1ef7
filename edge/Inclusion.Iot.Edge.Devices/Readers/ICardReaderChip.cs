namespace Inclusion.Iot.Edge.Devices.Readers;

/// <summary>
/// One reader chip as <see cref="PolledBadgeReader"/> drives it: (re)initialise it, poll it once. Calls are synchronous
/// (the bindings are) and never concurrent; exceptions mean the chip did not answer.
/// </summary>
internal interface ICardReaderChip : IDisposable
{
    /// <summary>Where rejected reads came from, e.g. <c>spi0.0</c> or <c>i2c1.0x24</c>.</summary>
    string Source { get; }

    /// <summary>Resets and configures the chip (dropping any previous binding); null when it answers, else why not.</summary>
    string? Initialise();

    /// <summary>Checks the chip still answers, then looks for one ISO 14443 Type A card.</summary>
    CardPoll Poll();
}
