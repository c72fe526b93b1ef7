using Grpc.Core;
using Inclusion.Iot.Contracts.Edge.V1;
using Inclusion.Iot.Server.Api.Security;
using Inclusion.Iot.Server.Data;
using Inclusion.Iot.Server.Records.Configuration;
using Inclusion.Iot.Server.Records.Ingest;
using Microsoft.EntityFrameworkCore;

namespace Inclusion.Iot.Server.Api.Edges;

/// <summary>
/// The edges' gRPC entry: enrolment, configuration pull and event upload. Unknown edges are refused with NotFound.
/// Every call but <see cref="Enrol"/> has passed <see cref="EdgeCertificateInterceptor"/>: its edge_id is its certificate's.
/// </summary>
public sealed class EdgeGatewayService(
    ServerDbContext db,
    EdgeEnrolment enrolment,
    RoomConfigurationBuilder configurations,
    UploadCommits uploads,
    TimeProvider time,
    ILogger<EdgeGatewayService> logger) : EdgeGateway.EdgeGatewayBase
{
    public override async Task<GetConfigurationResponse> GetConfiguration(GetConfigurationRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var edge = await FindEdgeAsync(request.EdgeId, context.CancellationToken);
        var organisation = await db.Rooms.Where(r => r.Id == edge.RoomId)
            .Select(r => new { r.Organisation!.ConfigurationVersion, r.Organisation.TimeZone }).SingleAsync(context.CancellationToken);

        edge.LastSeenAt = time.GetUtcNow().UtcDateTime;
        if (!string.IsNullOrWhiteSpace(request.SoftwareVersion))
        {
            edge.SoftwareVersion = request.SoftwareVersion;
        }

        await db.SaveChangesAsync(context.CancellationToken);

        // R-WEEK: with every answer, so an edge whose snapshot is current still learns the other rooms' sessions.
        var weekCounts = await configurations.WeekCountsAsync(edge.RoomId, organisation.TimeZone, context.CancellationToken);
        var response = new GetConfigurationResponse
        {
            AcknowledgedSequence = edge.HighWaterSequence,
            WeekCounts = ConfigurationMapping.ToContract(weekCounts),
        };
        if (request.KnownVersion == organisation.ConfigurationVersion)
        {
            response.Unchanged = true;
            return response;
        }

        response.Snapshot = ConfigurationMapping.ToContract(await configurations.BuildAsync(edge, weekCounts, context.CancellationToken));
        logger.LogInformation("Edge {EdgeId} pulled configuration version {Version} (it held {KnownVersion}).",
            edge.Id, response.Snapshot.Version, request.KnownVersion);
        return response;
    }

    public override async Task<UploadEventsResponse> UploadEvents(UploadEventsRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        // Bounded before it gets here: beyond Ingest:MaxConcurrentUploads the call is refused by IngestLimiter. Stored with
        // whatever other uploads arrive meanwhile, in one transaction (group commit), and answered after its commit.
        RequireEdgeId(request.EdgeId);
        try
        {
            // The contract is mapped to the records' types here, once.
            var result = await uploads.SubmitAsync(EventMapping.ToRecord(request), context.CancellationToken);
            return new UploadEventsResponse { AcknowledgedSequence = result.AcknowledgedSequence };
        }
        catch (UnknownEdgeException unknown)
        {
            throw new RpcException(new Status(StatusCode.NotFound, unknown.Message));
        }
        catch (Exception failed) when (failed is DbUpdateException or System.Data.Common.DbException)
        {
            // Nothing of the batch was committed, so nothing is acknowledged: the edge keeps it and retries.
            logger.LogWarning(failed, "Could not store a batch from edge {EdgeId}; it was not acknowledged.", request.EdgeId);
            throw new RpcException(new Status(StatusCode.Unavailable, "The server could not store the batch; nothing was acknowledged, retry later."));
        }
        catch (OperationCanceledException) when (!context.CancellationToken.IsCancellationRequested)
        {
            // The server is stopping: whatever was not committed is not acknowledged, and the edge retries elsewhere or later.
            throw new RpcException(new Status(StatusCode.Unavailable, "The server is stopping; nothing was acknowledged, retry later."));
        }
    }

    public override async Task<EnrolResponse> Enrol(EnrolRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        RequireEdgeId(request.EdgeId);
        try
        {
            var enrolled = await enrolment.EnrolAsync(request.EdgeId, request.EnrolmentCode, request.CertificateSigningRequest.ToByteArray(), context.CancellationToken);
            return new EnrolResponse
            {
                Certificate = Google.Protobuf.ByteString.CopyFrom(enrolled.CertificateDer),
                CaCertificate = Google.Protobuf.ByteString.CopyFrom(enrolled.CaCertificateDer),
                NotAfter = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(DateTime.SpecifyKind(enrolled.NotAfter, DateTimeKind.Utc)),
            };
        }
        catch (EnrolmentException refused)
        {
            logger.LogWarning("Enrol call from {RemoteAddress} for edge {EdgeId} refused ({Reason}).",
                context.GetHttpContext().Connection.RemoteIpAddress?.ToString() ?? context.Peer, request.EdgeId, refused.Failure);
            var code = refused.Failure switch
            {
                EnrolmentFailure.UnknownEdge => StatusCode.NotFound,
                EnrolmentFailure.BadRequest => StatusCode.InvalidArgument,
                _ => StatusCode.PermissionDenied,
            };
            throw new RpcException(new Status(code, refused.Message));
        }
    }

    private async Task<Data.Edge> FindEdgeAsync(string edgeId, CancellationToken cancellationToken)
    {
        RequireEdgeId(edgeId);
        return await db.Edges.SingleOrDefaultAsync(e => e.Id == edgeId, cancellationToken)
            ?? throw new RpcException(new Status(StatusCode.NotFound, new UnknownEdgeException(edgeId).Message));
    }

    private static void RequireEdgeId(string edgeId)
    {
        if (string.IsNullOrWhiteSpace(edgeId))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "edge_id is empty: set Edge:EdgeId on the edge."));
        }
    }
}
