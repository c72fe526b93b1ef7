namespace Inclusion.Iot.Server.Records.Incoming;

/// <summary>What an event says, for the kinds the projections read; every other kind is <see cref="OtherEvent"/>.</summary>
public abstract record EventBody;
