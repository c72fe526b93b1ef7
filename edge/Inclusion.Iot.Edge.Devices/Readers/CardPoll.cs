namespace Inclusion.Iot.Edge.Devices.Readers;

/// <summary>What one poll of a reader chip found: nothing, a card's UID bytes, a card it could not read, or no answer from the chip.</summary>
internal readonly record struct CardPoll(CardPollKind Kind, byte[]? Uid = null, string? Reason = null)
{
    public static CardPoll NoCard => new(CardPollKind.NoCard);

    public static CardPoll Card(byte[] uid) => new(CardPollKind.Card, Uid: uid);

    public static CardPoll Unreadable(string reason) => new(CardPollKind.Unreadable, Reason: reason);

    public static CardPoll NotAnswering(string reason) => new(CardPollKind.NotAnswering, Reason: reason);
}
