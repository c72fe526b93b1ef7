namespace Inclusion.Iot.Server.Records.Ingest;

/// <summary>An edge id the server has no record of.</summary>
public sealed class UnknownEdgeException : Exception
{
    public UnknownEdgeException()
    {
        EdgeId = string.Empty;
    }

    public UnknownEdgeException(string edgeId)
        : base($"Edge '{edgeId}' is not registered at this server. Check Edge:EdgeId on the edge, or register the edge with its room at the server.")
    {
        EdgeId = edgeId;
    }

    public UnknownEdgeException(string message, Exception innerException)
        : base(message, innerException)
    {
        EdgeId = string.Empty;
    }

    public string EdgeId { get; }
}
