using Inclusion.Iot.Server.Data;
using Inclusion.Iot.Server.Records.Audit;
using Microsoft.EntityFrameworkCore;

namespace Inclusion.Iot.Server.Api.Security;

/// <summary>
/// An organisation administrator's edges, behind both <c>/api/edges</c> and the <c>/edges</c> page: the list with each
/// edge's enrolment state, a new edge with its one-time code, a new code, a revocation. Whether the room or edge is the
/// caller's is decided on the request's context, in the caller's scope (another school's is "not found", null here);
/// the credential is read and written in the system's scope, as credentials are never visible to a user's query, and
/// each change is saved with its audit entry in one transaction.
/// </summary>
public sealed class EdgeAdministration(ServerDbContext db, IServiceScopeFactory scopes)
{
    /// <summary>The audit log's subject kind for an edge.</summary>
    public const string AuditSubjectEdge = "edge";

    /// <summary>The caller's rooms, by name.</summary>
    public async Task<IReadOnlyList<RoomChoice>> RoomsAsync(CancellationToken cancellationToken) =>
        await db.Rooms.AsNoTracking().OrderBy(r => r.Name).ThenBy(r => r.Id).Select(r => new RoomChoice(r.Id, r.Name)).ToListAsync(cancellationToken);

    /// <summary>The caller's edges by room, each with its credential's state.</summary>
    public async Task<IReadOnlyList<EdgeResponse>> ListAsync(CancellationToken cancellationToken)
    {
        var mine = await db.Edges.AsNoTracking().OrderBy(e => e.RoomId).ThenBy(e => e.Id)
            .Select(e => new { e.Id, e.RoomId, e.LastSeenAt, e.SoftwareVersion }).ToListAsync(cancellationToken);
        var ids = mine.Select(e => e.Id).ToList();
        await using var system = SystemScope();
        var credentials = await system.ServiceProvider.GetRequiredService<ServerDbContext>().EdgeCredentials.AsNoTracking()
            .Where(c => ids.Contains(c.EdgeId)).ToDictionaryAsync(c => c.EdgeId, StringComparer.Ordinal, cancellationToken);
        return [.. mine.Select(e =>
        {
            var credential = credentials.GetValueOrDefault(e.Id);
            return new EdgeResponse(e.Id, e.RoomId, e.LastSeenAt, e.SoftwareVersion,
                credential?.CertificateSerial is not null, credential?.CertificateNotAfter, credential?.RevokedAt,
                credential?.EnrolmentCodeExpiresAt);
        })];
    }

    /// <summary>A new edge in the caller's room and its one-time code; null when the room is not the caller's.</summary>
    public async Task<EdgeCodeResponse?> CreateAsync(string? roomId, AuditActor actor, CancellationToken cancellationToken)
    {
        roomId = roomId?.Trim();
        if (string.IsNullOrEmpty(roomId) || !await db.Rooms.AnyAsync(r => r.Id == roomId, cancellationToken))
        {
            return null;
        }

        return await IssueAsync(roomId, edgeId: null, actor, AuditAction.Create, cancellationToken);
    }

    /// <summary>A new one-time code for the caller's edge (replacing a pending one); null when the edge is not the caller's.</summary>
    public async Task<EdgeCodeResponse?> NewCodeAsync(string edgeId, AuditActor actor, CancellationToken cancellationToken)
    {
        var roomId = await db.Edges.AsNoTracking().Where(e => e.Id == edgeId).Select(e => e.RoomId).SingleOrDefaultAsync(cancellationToken);
        return roomId is null ? null : await IssueAsync(roomId, edgeId, actor, AuditAction.Update, cancellationToken);
    }

    /// <summary>Refuses the caller's edge's certificate from now on.</summary>
    public async Task<EdgeRevocation> RevokeAsync(string edgeId, AuditActor actor, CancellationToken cancellationToken)
    {
        if (!await db.Edges.AnyAsync(e => e.Id == edgeId, cancellationToken))
        {
            return EdgeRevocation.UnknownEdge;
        }

        await using var system = SystemScope();
        var systemDb = system.ServiceProvider.GetRequiredService<ServerDbContext>();
        await using var transaction = await systemDb.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            await system.ServiceProvider.GetRequiredService<EdgeEnrolment>().RevokeAsync(edgeId, cancellationToken);
        }
        catch (EnrolmentException refused) when (refused.Failure == EnrolmentFailure.UnknownEdge)
        {
            return EdgeRevocation.NotEnrolled;
        }

        await system.ServiceProvider.GetRequiredService<AuditLog>().AppendAsync(actor, AuditAction.Update, AuditSubjectEdge, edgeId, "revoked", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return EdgeRevocation.Revoked;
    }

    private async Task<EdgeCodeResponse> IssueAsync(string roomId, string? edgeId, AuditActor actor, AuditAction action, CancellationToken cancellationToken)
    {
        await using var system = SystemScope();
        var systemDb = system.ServiceProvider.GetRequiredService<ServerDbContext>();
        await using var transaction = await systemDb.Database.BeginTransactionAsync(cancellationToken);
        var code = await system.ServiceProvider.GetRequiredService<EdgeEnrolment>().CreateEdgeAsync(roomId, edgeId, cancellationToken);
        await system.ServiceProvider.GetRequiredService<AuditLog>().AppendAsync(
            actor, action, AuditSubjectEdge, code.EdgeId, $"enrolment code issued for room {roomId}", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new EdgeCodeResponse(code.EdgeId, roomId, code.Code, code.ExpiresAt);
    }

    private AsyncServiceScope SystemScope()
    {
        var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<AccessScopeHolder>().UseSystem();
        return scope;
    }
}

/// <summary>A room to add an edge to.</summary>
public sealed record RoomChoice(string Id, string Name);

public enum EdgeRevocation
{
    Revoked,
    UnknownEdge,
    NotEnrolled,
}
