using Inclusion.Iot.Server.Api.Records;
using Inclusion.Iot.Server.Data;
using Inclusion.Iot.Server.Records.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Inclusion.Iot.Server.Api.Security;

/// <summary>
/// An administrator's edges (<see cref="AccessPolicies.ManageOrganisation"/>), the HTTP face of <see cref="EdgeEnrolment"/>
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

    /// <summary>The audit log's subject kind for an edge.</summary>
    public const string AuditSubjectEdge = "edge";

    public static WebApplication MapEdgeEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet(Path, async (ServerDbContext db, IServiceScopeFactory scopes, CancellationToken cancellationToken) =>
        {
            var mine = await db.Edges.AsNoTracking().OrderBy(e => e.RoomId).ThenBy(e => e.Id)
                .Select(e => new { e.Id, e.RoomId, e.LastSeenAt, e.SoftwareVersion }).ToListAsync(cancellationToken);
            var ids = mine.Select(e => e.Id).ToList();
            await using var system = SystemScope(scopes);
            var credentials = await system.ServiceProvider.GetRequiredService<ServerDbContext>().EdgeCredentials.AsNoTracking()
                .Where(c => ids.Contains(c.EdgeId)).ToDictionaryAsync(c => c.EdgeId, StringComparer.Ordinal, cancellationToken);
            return Results.Ok(mine.Select(e =>
            {
                var credential = credentials.GetValueOrDefault(e.Id);
                return new EdgeResponse(e.Id, e.RoomId, e.LastSeenAt, e.SoftwareVersion,
                    credential?.CertificateSerial is not null, credential?.CertificateNotAfter, credential?.RevokedAt,
                    credential?.EnrolmentCodeExpiresAt);
            }).ToList());
        }).RequireAuthorization(AccessPolicies.ManageOrganisation);

        app.MapPost(Path, async (CreateEdgeRequest request, HttpContext http, ServerDbContext db, IServiceScopeFactory scopes,
            IStringLocalizer<SharedResource> t, CancellationToken cancellationToken) =>
        {
            var roomId = request.RoomId?.Trim();
            if (string.IsNullOrEmpty(roomId) || !await db.Rooms.AnyAsync(r => r.Id == roomId, cancellationToken))
            {
                return NotFound(t, t["Edges_UnknownRoom", roomId ?? string.Empty]);
            }

            var code = await IssueAsync(http, scopes, roomId, edgeId: null, AuditAction.Create, cancellationToken);
            return Results.Created($"{Path}/{code.EdgeId}", new EdgeCodeResponse(code.EdgeId, roomId, code.Code, code.ExpiresAt));
        }).RequireAuthorization(AccessPolicies.ManageOrganisation).DisableAntiforgery();

        app.MapPost(Path + "/{edgeId}/code", async (string edgeId, HttpContext http, ServerDbContext db, IServiceScopeFactory scopes,
            IStringLocalizer<SharedResource> t, CancellationToken cancellationToken) =>
        {
            var roomId = await db.Edges.AsNoTracking().Where(e => e.Id == edgeId).Select(e => e.RoomId).SingleOrDefaultAsync(cancellationToken);
            if (roomId is null)
            {
                return NotFound(t, t["Edges_UnknownEdge", edgeId]);
            }

            var code = await IssueAsync(http, scopes, roomId, edgeId, AuditAction.Update, cancellationToken);
            return Results.Ok(new EdgeCodeResponse(code.EdgeId, roomId, code.Code, code.ExpiresAt));
        }).RequireAuthorization(AccessPolicies.ManageOrganisation).DisableAntiforgery();

        app.MapPost(Path + "/{edgeId}/revoke", async (string edgeId, HttpContext http, ServerDbContext db, IServiceScopeFactory scopes,
            IStringLocalizer<SharedResource> t, CancellationToken cancellationToken) =>
        {
            if (!await db.Edges.AnyAsync(e => e.Id == edgeId, cancellationToken))
            {
                return NotFound(t, t["Edges_UnknownEdge", edgeId]);
            }

            await using var system = SystemScope(scopes);
            try
            {
                await system.ServiceProvider.GetRequiredService<EdgeEnrolment>().RevokeAsync(edgeId, cancellationToken);
            }
            catch (EnrolmentException refused) when (refused.Failure == EnrolmentFailure.UnknownEdge)
            {
                return NotFound(t, t["Edges_NotEnrolled", edgeId]);
            }

            await system.ServiceProvider.GetRequiredService<AuditLog>().AppendAsync(
                AuditEndpoints.Actor(http), AuditAction.Update, AuditSubjectEdge, edgeId, "revoked", cancellationToken);
            return Results.NoContent();
        }).RequireAuthorization(AccessPolicies.ManageOrganisation).DisableAntiforgery();
        return app;
    }

    private static async Task<NewEdgeCode> IssueAsync(HttpContext http, IServiceScopeFactory scopes, string roomId, string? edgeId,
        AuditAction action, CancellationToken cancellationToken)
    {
        await using var system = SystemScope(scopes);
        var code = await system.ServiceProvider.GetRequiredService<EdgeEnrolment>().CreateEdgeAsync(roomId, edgeId, cancellationToken);
        await system.ServiceProvider.GetRequiredService<AuditLog>().AppendAsync(
            AuditEndpoints.Actor(http), action, AuditSubjectEdge, code.EdgeId, $"enrolment code issued for room {roomId}", cancellationToken);
        return code;
    }

    private static AsyncServiceScope SystemScope(IServiceScopeFactory scopes)
    {
        var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<AccessScopeHolder>().UseSystem();
        return scope;
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
