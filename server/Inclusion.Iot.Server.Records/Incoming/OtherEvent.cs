namespace Inclusion.Iot.Server.Records.Incoming;

/// <summary>A kind no projection reads (or one newer than this server): stored raw only.</summary>
public sealed record OtherEvent : EventBody
{
    public static OtherEvent Instance { get; } = new();
}
