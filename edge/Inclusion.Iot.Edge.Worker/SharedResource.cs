namespace Inclusion.Iot.Edge.Worker;

/// <summary>Marker for the wall panel's strings in <c>Resources/SharedResource*.resx</c> (en, ru, uk).</summary>
public sealed class SharedResource;
