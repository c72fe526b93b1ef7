namespace Inclusion.Iot.Edge.Worker.Panel;

/// <summary>The <c>/api/state</c> JSON: the room as the wall panel shows it, texts already in the request's language.</summary>
public sealed record PanelState(
    string RoomId,
    string RoomName,
    string State,
    string StateText,
    IReadOnlyList<string> Escorts,
    IReadOnlyList<string> Pupils,
    string? SessionId,
    string? SessionKind,
    string? SessionKindText,
    int ExtendMinutes,
    int? RemainingSeconds,
    int? TotalSeconds,
    string? Phase,
    string? PhaseText,
    bool? Occupied,
    PanelRefusal? LastRefusal,
    long ConfigurationVersion,
    bool MqttConnected,
    string Culture,
    IReadOnlyDictionary<string, PanelLight> Lights,
    IReadOnlyList<PanelDevice> DevicesWithProblems,
    PanelAlert? Alert,
    string? Waiting,
    bool FireLatched,
    PanelOverride? Override);
