using System.Globalization;
using System.Net;
using Inclusion.Iot.Edge.Domain.Configuration;
using Inclusion.Iot.Edge.Domain.Health;
using Inclusion.Iot.Edge.Domain.Localisation;
using Inclusion.Iot.Edge.Domain.Room;
using Inclusion.Iot.Edge.Devices.Conventions;
using Inclusion.Iot.Edge.Worker.Mqtt;
using Inclusion.Iot.Edge.Worker.Room;
using Inclusion.Iot.Edge.Worker.Sync;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Localization;

namespace Inclusion.Iot.Edge.Worker.Panel;

/// <summary>
/// The wall panel: <c>/</c> (page), <c>/api/state</c>, <c>/api/pupils</c>, <c>POST /api/session/start?kind=</c>,
/// <c>/extend?minutes=</c>, <c>/add-pupil?pupilId=</c>, <c>/end</c>, <c>/abort</c>, <c>/api/override?reason=</c>,
/// <c>/api/fire-alarm/reset</c>, and <c>/health</c>.
/// </summary>
public static class PanelEndpoints
{
    public static IEndpointRouteBuilder MapWallPanel(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/health", (MqttConnection mqtt, ConfigurationCache configuration) =>
            Results.Json(new PanelHealth("ok", mqtt.IsConnected, configuration.Version), PanelJson.Default.PanelHealth));
        endpoints.MapGet("/api/state", (RoomService room, ConfigurationCache configuration, MqttConnection mqtt, TimeProvider time, IStringLocalizer<SharedResource> text) =>
            Results.Json(Build(room, configuration, mqtt, time, text), PanelJson.Default.PanelState));
        endpoints.MapPost("/api/session/start", (string? kind, RoomService room, IStringLocalizer<SharedResource> text, CancellationToken cancellationToken) =>
            ParseKind(kind) is { } parsed
                ? ActAsync(room.StartSessionOnPanelAsync(parsed, cancellationToken), text)
                : Task.FromResult(Failed(text["Panel_UnknownKind"].Value, StatusCodes.Status400BadRequest)));
        endpoints.MapPost("/api/session/extend", (int? minutes, RoomService room, IStringLocalizer<SharedResource> text, CancellationToken cancellationToken) =>
            ActAsync(room.ExtendSessionOnPanelAsync(minutes, cancellationToken), text));
        // The pupils the room knows (pseudonymous id and panel name only), for "Add pupil" when one has no badge with them.
        endpoints.MapGet("/api/pupils", (ConfigurationCache configuration) =>
            Results.Json(
                (configuration.Room?.Pupils ?? []).OrderBy(p => p.DisplayName, EdgeCultures.DisplayNameOrder).Select(p => new PanelPupilChoice(p.PupilId, p.DisplayName)),
                PanelJson.Default.IEnumerablePanelPupilChoice));
        endpoints.MapPost("/api/session/add-pupil", (string? pupilId, RoomService room, IStringLocalizer<SharedResource> text, CancellationToken cancellationToken) =>
            string.IsNullOrWhiteSpace(pupilId)
                ? Task.FromResult(Failed(text["Panel_PupilRequired"].Value, StatusCodes.Status400BadRequest))
                : ActAsync(room.AddPupilOnPanelAsync(pupilId, cancellationToken), text));
        endpoints.MapPost("/api/session/end", (RoomService room, IStringLocalizer<SharedResource> text, CancellationToken cancellationToken) =>
            ActAsync(room.EndSessionOnPanelAsync(cancellationToken), text));
        endpoints.MapPost("/api/override", (string? reason, RoomService room, IStringLocalizer<SharedResource> text, CancellationToken cancellationToken) =>
            ActAsync(room.OverrideOnPanelAsync(reason, cancellationToken), text));
        endpoints.MapPost("/api/fire-alarm/reset", (RoomService room, IStringLocalizer<SharedResource> text, CancellationToken cancellationToken) =>
            ActAsync(room.ResetFireAlarmOnPanelAsync(cancellationToken), text));
        endpoints.MapPost("/api/session/abort", (RoomService room, IStringLocalizer<SharedResource> text, CancellationToken cancellationToken) =>
            ActAsync(room.AbortSessionOnPanelAsync(cancellationToken), text));
        endpoints.MapGet("/", (IStringLocalizer<SharedResource> text) => Results.Content(PanelPage.Render(text), "text/html; charset=utf-8"));
        return endpoints;
    }

    /// <summary>
    /// One panel action: 200 when it happened, 409 with the reason in the user's language when the room refused it, 503 when
    /// it could not be recorded (nothing happened; the specialist can try again).
    /// </summary>
    private static async Task<IResult> ActAsync(Task<RoomDecision> action, IStringLocalizer<SharedResource> text)
    {
        try
        {
            var decision = await action.ConfigureAwait(false);
            if (decision.Refused is { } reason)
            {
                var code = ReasonCode(reason);
                return Results.Json(
                    new PanelActionRefused(false, code, decision.RefusedBy, text[$"Refusal_{code}"].Value),
                    PanelJson.Default.PanelActionRefused,
                    statusCode: StatusCodes.Status409Conflict);
            }

            return Results.Json(new PanelActionDone(true, decision.State.Session?.SessionId), PanelJson.Default.PanelActionDone);
        }
        catch (RoomRecordException)
        {
            return Failed(text["RecordFailed"].Value, StatusCodes.Status503ServiceUnavailable);
        }
    }

    private static IResult Failed(string message, int statusCode) =>
        Results.Json(new PanelActionFailed(false, message), PanelJson.Default.PanelActionFailed, statusCode: statusCode);

    /// <summary>The kind names of the API and the room state: individual, group, unloading, open_use.</summary>
    public static SessionKind? ParseKind(string? kind) =>
        Enum.GetValues<SessionKind>().Where(k => WireNames.Snake(k) == kind).Select(k => (SessionKind?)k).FirstOrDefault();

    public static PanelState Build(RoomService room, ConfigurationCache configuration, MqttConnection mqtt, TimeProvider time, IStringLocalizer<SharedResource> text)
    {
        ArgumentNullException.ThrowIfNull(room);
        ArgumentNullException.ThrowIfNull(text);
        var state = room.State;
        var now = time.GetUtcNow();
        var mode = RoomService.ModeName(state.Mode);
        var session = state.Session;
        string? phase = session is null ? null : TimerPhaseNames.Of(RoomStateMachine.PhaseAt(session, now, configuration.Room));
        string? kind = session is null ? null : RoomService.SessionKindName(session.Kind);
        var refusal = state.LastRefusal is { } r
            ? new PanelRefusal(ReasonCode(r.Reason), text[$"Refusal_{ReasonCode(r.Reason)}"], r.At, r.RuleId)
            : null;
        return new PanelState(
            room.RoomId,
            // The room's name as the server knows it; the room id until the first configuration arrives.
            configuration.RoomName is { Length: > 0 } roomName ? roomName : room.RoomId,
            mode,
            text[$"State_{mode}"],
            session?.EscortDisplayNames ?? [.. state.Escorts.Select(e => e.DisplayName)],
            session?.PupilDisplayNames ?? [],
            session?.SessionId,
            kind,
            kind is null ? null : text[$"Kind_{kind}"].Value,
            (configuration.Room?.Rules ?? new RoomRules()).Sessions.ExtendStepMinutes,
            session?.RemainingSeconds(now),
            session is null ? null : session.PlannedMinutes * 60,
            phase,
            phase is null ? null : text[$"Phase_{phase}"].Value,
            state.Occupied,
            refusal,
            configuration.Version,
            mqtt.IsConnected,
            EdgeCultures.CurrentLanguage,
            room.Lights,
            [.. state.Health.Devices
                .Where(d => d.Value.Status != DeviceStatus.Ok)
                .OrderBy(d => d.Key, StringComparer.Ordinal)
                .Select(d => new PanelDevice(d.Key, StatusCode(d.Value.Status), text[$"DeviceStatus_{d.Value.Status}"], d.Value.LastSeen, d.Value.BatteryPercent))],
            state.Alert is { } alert ? new PanelAlert(RoomService.AlertName(alert.Kind), text[$"Alert_{RoomService.AlertName(alert.Kind)}"], alert.Since) : null,
            state.WaitingPupil is { } waiting ? text["WaitingForEscort", waiting.DisplayName].Value : null,
            state.FireLatched,
            state.PendingOverride is { } pending && pending.Until > now
                ? new PanelOverride(pending.RuleId, pending.DisplayName, text["OverrideOffer", pending.DisplayName, pending.RuleId].Value)
                : null,
            session is null ? [] : [.. session.Pupils.Select(p => Pupil(p, text))]);
    }

    /// <summary>"Fox (3 of 4 this week; adaptation week 2: at most 15 min)".</summary>
    private static PanelPupil Pupil(SessionPupil pupil, IStringLocalizer<SharedResource> text)
    {
        List<string> notes = [];
        if (pupil.WeekLimit is { } limit)
        {
            notes.Add(text[pupil.WeekCount > limit ? "WeekOverLimit" : "WeekStanding", pupil.WeekCount, limit].Value);
        }

        if (pupil.CapMinutes is { } cap)
        {
            notes.Add(text["AdaptationCap", pupil.AdaptationWeek, cap].Value);
        }

        var shown = notes.Count == 0 ? pupil.DisplayName : $"{pupil.DisplayName} ({string.Join("; ", notes)})";
        return new PanelPupil(pupil.DisplayName, shown, pupil.WeekLimit is null ? null : pupil.WeekCount, pupil.WeekLimit, pupil.CapMinutes);
    }

    public static string StatusCode(DeviceStatus status) => WireNames.Snake(status);

    /// <summary>The contract's reason name, e.g. <c>ESCORT_REQUIRED</c>, used as the resource key suffix.</summary>
    public static string ReasonCode(RefusalReason reason) => WireNames.UpperSnake(reason);

    internal static string Html(string value) => WebUtility.HtmlEncode(value);
}
