using Inclusion.Iot.Server.Api.Records;
using Microsoft.Extensions.Localization;

namespace Inclusion.Iot.Server.Api.Security;

/// <summary>
/// An administrator's edges (<see cref="AccessPolicies.ManageOrganisation"/>), the JSON face of <see cref="EdgeAdministration"/> (the
/// <c>/edges</c> page is the other)
/// (IT staff have the same as the <c>create-edge</c> and <c>revoke-edge</c> commands):
/// <list type="bullet">
/// <item><c>GET /api/edges</c>: the organisation's edges with their enrolment state;</item>
/// <item><c>POST /api/edges</c> <c>{"roomId":…}</c>: a new edge in one of the organisation's rooms and its one-time
/// enrolment code (shown in this answer only);</item>
/// <item><c>POST /api/edges/{edgeId}/code</c>: a new code for an edge (a lost code, a replaced Pi);</item>
/// <item><c>POST /api/edges/{edgeId}/revoke</c>: its certificate refused from now on.</item>
/// </list>
/// Whether the room or edge is the caller's is decided in the caller's scope (another school's is "not found"); the
/// credential itself is written in the system's scope, as credentials are never visible to a user's query. Every
/// change is in the audit log.
/// </summary>
public static class EdgeEndpoints
{
    public const string Path = "/api/edges";

    public static WebApplication MapEdgeEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet(Path, async (EdgeAdministration edges, CancellationToken cancellationToken) =>
            Results.Ok(await edges.ListAsync(cancellationToken))).RequireAuthorization(AccessPolicies.ManageOrganisation);

        app.MapPost(Path, async (CreateEdgeRequest request, HttpContext http, EdgeAdministration edges,
            IStringLocalizer<SharedResource> t, CancellationToken cancellationToken) =>
        {
            var code = await edges.CreateAsync(request.RoomId, AuditEndpoints.Actor(http), cancellationToken);
            return code is null
                ? NotFound(t, t["Edges_UnknownRoom", request.RoomId?.Trim() ?? string.Empty])
                : Results.Created($"{Path}/{code.EdgeId}", code);
        }).RequireAuthorization(AccessPolicies.ManageOrganisation).DisableAntiforgery();

        app.MapPost(Path + "/{edgeId}/code", async (string edgeId, HttpContext http, EdgeAdministration edges,
            IStringLocalizer<SharedResource> t, CancellationToken cancellationToken) =>
        {
            var code = await edges.NewCodeAsync(edgeId, AuditEndpoints.Actor(http), cancellationToken);
            return code is null ? NotFound(t, t["Edges_UnknownEdge", edgeId]) : Results.Ok(code);
        }).RequireAuthorization(AccessPolicies.ManageOrganisation).DisableAntiforgery();

        app.MapPost(Path + "/{edgeId}/revoke", async (string edgeId, HttpContext http, EdgeAdministration edges,
            IStringLocalizer<SharedResource> t, CancellationToken cancellationToken) =>
            await edges.RevokeAsync(edgeId, AuditEndpoints.Actor(http), cancellationToken) switch
            {
                EdgeRevocation.UnknownEdge => NotFound(t, t["Edges_UnknownEdge", edgeId]),
                EdgeRevocation.NotEnrolled => NotFound(t, t["Edges_NotEnrolled", edgeId]),
                _ => Results.NoContent(),
            }).RequireAuthorization(AccessPolicies.ManageOrganisation).DisableAntiforgery();
        return app;
    }

    private static IResult NotFound(IStringLocalizer<SharedResource> t, string detail) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: t["Edges_NotFound"], detail: detail);
}

/// <summary>The body of <c>POST /api/edges</c>.</summary>
public sealed record CreateEdgeRequest(string? RoomId);

/// <summary>A new edge's or a new code's answer: the code is shown here only.</summary>
public sealed record EdgeCodeResponse(string EdgeId, string RoomId, string EnrolmentCode, DateTimeOffset ExpiresAt);

/// <summary>An edge in <c>GET /api/edges</c>.</summary>
public sealed record EdgeResponse(
    string EdgeId, string RoomId, DateTime? LastSeenAt, string? SoftwareVersion, bool Enrolled, DateTime? CertificateNotAfter,
    DateTime? RevokedAt, DateTime? EnrolmentCodeExpiresAt);
