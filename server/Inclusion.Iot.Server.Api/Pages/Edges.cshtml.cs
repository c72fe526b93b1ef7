using System.Text;
using Inclusion.Iot.Server.Api.Records;
using Inclusion.Iot.Server.Api.Security;
using Inclusion.Iot.Server.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Inclusion.Iot.Server.Api.Pages;

/// <summary>
/// An administrator's rooms and edges (<see cref="AccessPolicies.ManageOrganisation"/>): each edge's last contact and
/// enrolment state; a new edge for a room and a new code, each shown once with what to set on the edge; a revocation
/// after a confirmation. The same <see cref="EdgeAdministration"/> as <c>/api/edges</c>, audited the same way.
/// </summary>
[Authorize(Policy = AccessPolicies.ManageOrganisation)]
public sealed class EdgesModel(EdgeAdministration edges, ServerDbContext db, InstallationAuthority authority, IOptions<SecurityOptions> security,
    IStringLocalizer<SharedResource> t) : PageModel
{
    public IReadOnlyList<RoomChoice> Rooms { get; private set; } = [];

    public IReadOnlyList<EdgeResponse> Edges { get; private set; } = [];

    public OrganisationTime Time { get; private set; } = new(TimeZoneInfo.Utc);

    /// <summary>A code just issued: shown in this answer only.</summary>
    public EdgeCodeResponse? Issued { get; private set; }

    /// <summary>The edge whose revocation waits for a confirmation.</summary>
    public EdgeResponse? ConfirmRevoke { get; private set; }

    public string? Error { get; private set; }

    public string? Message { get; private set; }

    /// <summary>What the edge puts in <c>Server:Url</c>.</summary>
    public string ServerUrl => security.Value.EdgeServerUrl() ?? $"https://{Request.Host}";

    public string RoomName(string roomId) => Rooms.FirstOrDefault(r => r.Id == roomId)?.Name ?? roomId;

    public async Task<IActionResult> OnGetAsync(string? revoke, CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (!string.IsNullOrEmpty(revoke))
        {
            ConfirmRevoke = Edges.FirstOrDefault(e => e.EdgeId == revoke);
            if (ConfirmRevoke is null)
            {
                return Refused(StatusCodes.Status404NotFound, t["Edges_UnknownEdge", revoke]);
            }
        }

        return Page();
    }

    /// <summary>The installation's CA certificate (PEM), for the edge's <c>Server:CaCertificatePath</c>.</summary>
    public IActionResult OnGetCaCertificate() =>
        File(Encoding.ASCII.GetBytes(new string(System.Security.Cryptography.PemEncoding.Write("CERTIFICATE", authority.CaCertificateDer)) + "\n"),
            "application/x-pem-file", "ca.crt");

    public async Task<IActionResult> OnPostCreateAsync(string? roomId, CancellationToken cancellationToken)
    {
        Issued = await edges.CreateAsync(roomId, AuditEndpoints.Actor(HttpContext), cancellationToken);
        await LoadAsync(cancellationToken);
        return Issued is null
            ? Refused(StatusCodes.Status404NotFound, string.IsNullOrWhiteSpace(roomId) ? t["Edges_ChooseRoom"] : t["Edges_UnknownRoom", roomId.Trim()])
            : Page();
    }

    public async Task<IActionResult> OnPostCodeAsync(string? edgeId, CancellationToken cancellationToken)
    {
        Issued = string.IsNullOrEmpty(edgeId) ? null : await edges.NewCodeAsync(edgeId, AuditEndpoints.Actor(HttpContext), cancellationToken);
        await LoadAsync(cancellationToken);
        return Issued is null ? Refused(StatusCodes.Status404NotFound, t["Edges_UnknownEdge", edgeId ?? string.Empty]) : Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(string? edgeId, CancellationToken cancellationToken)
    {
        var outcome = string.IsNullOrEmpty(edgeId) ? EdgeRevocation.UnknownEdge : await edges.RevokeAsync(edgeId, AuditEndpoints.Actor(HttpContext), cancellationToken);
        await LoadAsync(cancellationToken);
        return outcome switch
        {
            EdgeRevocation.UnknownEdge => Refused(StatusCodes.Status404NotFound, t["Edges_UnknownEdge", edgeId ?? string.Empty]),
            EdgeRevocation.NotEnrolled => Refused(StatusCodes.Status404NotFound, t["Edges_NotEnrolled", edgeId!]),
            _ => Done(t["Edges_Revoked", edgeId!]),
        };
    }

    private PageResult Done(string message)
    {
        Message = message;
        return Page();
    }

    private PageResult Refused(int status, string error)
    {
        Error = error;
        Response.StatusCode = status;
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Time = await OrganisationTime.OfAsync(db, cancellationToken);
        Rooms = await edges.RoomsAsync(cancellationToken);
        Edges = await edges.ListAsync(cancellationToken);
    }
}
