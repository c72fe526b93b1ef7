using System.Globalization;
using System.Net;
using Inclusion.Iot.Edge.Domain.Health;
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

/// <summary>The wall panel: <c>/</c> (page), <c>/api/state</c>, <c>POST /api/session/end</c>, <c>/health</c>.</summary>
public static class PanelEndpoints
{
    public static IEndpointRouteBuilder MapWallPanel(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/health", (MqttConnection mqtt, ConfigurationCache configuration) =>
            Results.Ok(new { status = "ok", mqttConnected = mqtt.IsConnected, configurationVersion = configuration.Version }));
        endpoints.MapGet("/api/state", (RoomService room, ConfigurationCache configuration, MqttConnection mqtt, TimeProvider time, IStringLocalizer<SharedResource> text) =>
            Results.Json(Build(room, configuration, mqtt, time, text)));
        endpoints.MapPost("/api/session/end", async (RoomService room, IStringLocalizer<SharedResource> text, CancellationToken cancellationToken) =>
        {
            try
            {
                var decision = await room.EndSessionOnPanelAsync(cancellationToken).ConfigureAwait(false);
                return decision.Events.Count > 0 ? Results.Ok(new { ended = true }) : Results.Conflict(new { ended = false });
            }
            catch (RoomRecordException)
            {
                // The session goes on (it was not ended on record); the specialist sees why and can try again.
                return Results.Json(new { ended = false, message = text["RecordFailed"].Value }, statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        });
        endpoints.MapGet("/", (IStringLocalizer<SharedResource> text) => Results.Content(PanelPage.Render(text), "text/html; charset=utf-8"));
        return endpoints;
    }

    public static PanelState Build(RoomService room, ConfigurationCache configuration, MqttConnection mqtt, TimeProvider time, IStringLocalizer<SharedResource> text)
    {
        ArgumentNullException.ThrowIfNull(room);
        ArgumentNullException.ThrowIfNull(text);
        var state = room.State;
        var now = time.GetUtcNow();
        var mode = RoomService.ModeName(state.Mode);
        var session = state.Session;
        string? phase = session is null ? null : TimerPhaseNames.Of(RoomStateMachine.PhaseAt(session, now));
        var refusal = state.LastRefusal is { } r
            ? new PanelRefusal(ReasonCode(r.Reason), text[$"Refusal_{ReasonCode(r.Reason)}"], r.At)
            : null;
        return new PanelState(
            room.RoomId,
            // The room's name as the server knows it; the room id until the first configuration arrives.
            configuration.RoomName is { Length: > 0 } roomName ? roomName : room.RoomId,
            mode,
            text[$"State_{mode}"],
            session?.EscortDisplayNames.FirstOrDefault() ?? state.Escort?.DisplayName,
            session?.PupilDisplayNames ?? [],
            session?.SessionId,
            session?.RemainingSeconds(now),
            session is null ? null : session.PlannedMinutes * 60,
            phase,
            phase is null ? null : text[$"Phase_{phase}"].Value,
            state.Occupied,
            refusal,
            configuration.Version,
            mqtt.IsConnected,
            CultureInfo.CurrentUICulture.TwoLetterISOLanguageName,
            room.Lights,
            [.. state.Health.Devices
                .Where(d => d.Value.Status != DeviceStatus.Ok)
                .OrderBy(d => d.Key, StringComparer.Ordinal)
                .Select(d => new PanelDevice(d.Key, StatusCode(d.Value.Status), text[$"DeviceStatus_{d.Value.Status}"], d.Value.LastSeen, d.Value.BatteryPercent))]);
    }

    public static string StatusCode(DeviceStatus status) => status switch
    {
        DeviceStatus.Offline => "offline",
        DeviceStatus.Stale => "stale",
        DeviceStatus.LowBattery => "low_battery",
        _ => "ok",
    };

    /// <summary>The contract's reason name, e.g. <c>ESCORT_REQUIRED</c>, used as the resource key suffix.</summary>
    public static string ReasonCode(RefusalReason reason) => reason switch
    {
        RefusalReason.UnknownBadge => "UNKNOWN_BADGE",
        RefusalReason.EscortRequired => "ESCORT_REQUIRED",
        RefusalReason.NotPermitted => "NOT_PERMITTED",
        RefusalReason.RoomBusy => "ROOM_BUSY",
        _ => "NO_CONFIGURATION",
    };

    internal static string Html(string value) => WebUtility.HtmlEncode(value);
}
