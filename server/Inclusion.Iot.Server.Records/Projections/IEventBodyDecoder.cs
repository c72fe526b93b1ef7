using Inclusion.Iot.Server.Records.Incoming;

namespace Inclusion.Iot.Server.Records.Projections;

/// <summary>Reads a stored raw event's payload back into its body: the host's contract mapping, for the rebuild.</summary>
public interface IEventBodyDecoder
{
    /// <summary>The body of a raw event; <see cref="OtherEvent"/> for a kind no projection reads. Throws when the
    /// payload is not readable.</summary>
    EventBody Decode(string kind, ReadOnlyMemory<byte> payload);
}
