namespace Inclusion.Iot.Edge.Devices.Readers;

/// <summary>
/// One card held at the reader is one presentation, reported once: it ends only after <c>missedPollsToEnd</c>
/// polls in a row without it, so a card that drops out for a poll or two (or that a chip sees only every other
/// poll, as an MFRC522 does with a card left in the field) is not reported twice.
/// </summary>
internal sealed class CardPresentation(int missedPollsToEnd)
{
    private string? _current;
    private int _missed;

    /// <summary>The card (or unreadable answer) seen in this poll; true when it begins a new presentation.</summary>
    public bool Begins(string key)
    {
        _missed = 0;
        if (key == _current) return false;
        _current = key;
        return true;
    }

    /// <summary>Nothing seen in this poll.</summary>
    public void Missed()
    {
        if (_current is not null && ++_missed >= missedPollsToEnd) _current = null;
    }

    /// <summary>The reader went away: whatever is at it when it returns is a new presentation.</summary>
    public void End()
    {
        _current = null;
        _missed = 0;
    }
}
