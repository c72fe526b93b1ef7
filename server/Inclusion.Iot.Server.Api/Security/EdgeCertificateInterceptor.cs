using Grpc.Core;
using Grpc.Core.Interceptors;
using Inclusion.Iot.Contracts.Edge.V1;

namespace Inclusion.Iot.Server.Api.Security;

/// <summary>
/// Mutual TLS on the gateway: every call but <c>Enrol</c> must present a client certificate issued by the
/// installation's CA, valid now, that is an edge's current (not revoked) certificate, and the request's
/// <c>edge_id</c> must be that edge. Otherwise UNAUTHENTICATED (no, foreign, expired or superseded certificate) or
/// PERMISSION_DENIED (revoked edge, another edge's id), and the attempt is logged with the edge, the reason and the
/// remote address.
/// </summary>
public sealed partial class EdgeCertificateInterceptor(EdgeEnrolment enrolment, ILogger<EdgeCertificateInterceptor> logger) : Interceptor
{
    public static readonly string EnrolMethod = $"/{EdgeGateway.Descriptor.FullName}/Enrol";

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(continuation);
        if (context.Method == EnrolMethod) return await continuation(request, context);
        var http = context.GetHttpContext();
        var identity = await enrolment.IdentifyAsync(http.Connection.ClientCertificate, context.CancellationToken);
        var named = request switch
        {
            GetConfigurationRequest pull => pull.EdgeId,
            UploadEventsRequest upload => upload.EdgeId,
            _ => null,
        };
        var remote = http.Connection.RemoteIpAddress?.ToString() ?? context.Peer;
        (StatusCode Code, string Message)? refusal = identity.Refusal switch
        {
            CertificateRefusal.Missing => (StatusCode.Unauthenticated,
                "No client certificate: this gateway answers enrolled edges only. Enrol the edge with its one-time code (Server:EnrolmentCode)."),
            CertificateRefusal.ForeignIssuer => (StatusCode.Unauthenticated,
                "The client certificate was not issued by this installation's CA."),
            CertificateRefusal.NotForClients => (StatusCode.Unauthenticated,
                "The client certificate is not valid for client authentication."),
            CertificateRefusal.Expired => (StatusCode.Unauthenticated,
                $"The client certificate of edge {identity.EdgeId} has expired: issue a new code (create-edge --edge {identity.EdgeId}) and let the edge enrol again."),
            CertificateRefusal.NotCurrent => (StatusCode.Unauthenticated,
                $"The client certificate ({identity.EdgeId}) is not an edge's current certificate: it is unknown here or was replaced by a later enrolment."),
            CertificateRefusal.Revoked => (StatusCode.PermissionDenied,
                $"Edge {identity.EdgeId} was revoked at {identity.RevokedAt:u}: issue a new code (create-edge --edge {identity.EdgeId}) to let it enrol again."),
            _ when named is not null && named != identity.EdgeId => (StatusCode.PermissionDenied,
                $"The client certificate is edge {identity.EdgeId}'s; the request names edge '{named}'."),
            _ => null,
        };
        if (refusal is { } refused)
        {
            LogRefused(context.Method, identity.EdgeId ?? named ?? "unknown", identity.Refusal == CertificateRefusal.None ? "edge_id mismatch" : identity.Refusal.ToString(), remote);
            throw new RpcException(new Status(refused.Code, refused.Message));
        }

        return await continuation(request, context);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused gateway call {Method} from {RemoteAddress}: edge {EdgeId}, {Reason}.")]
    private partial void LogRefused(string method, string edgeId, string reason, string remoteAddress);
}
