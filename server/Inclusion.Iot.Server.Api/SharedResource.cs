namespace Inclusion.Iot.Server.Api;

/// <summary>Marker for the server's strings: Resources/SharedResource(.ru|.uk).resx.</summary>
public sealed class SharedResource;
