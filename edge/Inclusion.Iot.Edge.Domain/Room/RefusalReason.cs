namespace Inclusion.Iot.Edge.Domain.Room;

/// <summary>Why a badge was refused; the panel shows it in the user's language and the server records it.</summary>
public enum RefusalReason
{
    UnknownBadge,
    EscortRequired,
    NotPermitted,
    RoomBusy,
    NoConfiguration,
}
