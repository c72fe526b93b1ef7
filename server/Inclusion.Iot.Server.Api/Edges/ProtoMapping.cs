using Inclusion.Iot.Server.Data;
using V1 = Inclusion.Iot.Contracts.Edge.V1;

namespace Inclusion.Iot.Server.Api.Edges;

/// <summary>The records' enums to the contract's, for the configuration snapshot (the other way: <see cref="EventMapping"/>).</summary>
internal static class ProtoMapping
{
    public static V1.SessionKind ToContract(SessionKind kind) => kind switch
    {
        SessionKind.Individual => V1.SessionKind.Individual,
        SessionKind.Group => V1.SessionKind.Group,
        SessionKind.Unloading => V1.SessionKind.Unloading,
        SessionKind.OpenUse => V1.SessionKind.OpenUse,
        _ => V1.SessionKind.Unspecified,
    };

    public static V1.RoomKind ToContract(RoomKind kind) => kind switch
    {
        RoomKind.Sensory => V1.RoomKind.Sensory,
        RoomKind.Resource => V1.RoomKind.Resource,
        RoomKind.Relaxation => V1.RoomKind.Relaxation,
        RoomKind.ResourceClass => V1.RoomKind.ResourceClass,
        RoomKind.MediaLibrary => V1.RoomKind.MediaLibrary,
        RoomKind.AdaptivePe => V1.RoomKind.AdaptivePe,
        _ => V1.RoomKind.Unspecified,
    };

    public static V1.DeviceRole ToContract(DeviceRole role) => role switch
    {
        DeviceRole.Lighting => V1.DeviceRole.Lighting,
        DeviceRole.Occupancy => V1.DeviceRole.Occupancy,
        DeviceRole.DoorContact => V1.DeviceRole.DoorContact,
        DeviceRole.EntryReader => V1.DeviceRole.EntryReader,
        DeviceRole.Timer => V1.DeviceRole.Timer,
        DeviceRole.Lock => V1.DeviceRole.Lock,
        DeviceRole.FireAlarm => V1.DeviceRole.FireAlarm,
        _ => V1.DeviceRole.Unspecified,
    };

    public static V1.StaffRole ToContract(StaffRole role) => role switch
    {
        StaffRole.Specialist => V1.StaffRole.Specialist,
        StaffRole.PupilAssistant => V1.StaffRole.PupilAssistant,
        StaffRole.TeacherAssistant => V1.StaffRole.TeacherAssistant,
        StaffRole.OutsideSpecialist => V1.StaffRole.OutsideSpecialist,
        StaffRole.Tutor => V1.StaffRole.Tutor,
        _ => V1.StaffRole.Unspecified,
    };

    public static IEnumerable<V1.StaffPermission> ToContract(StaffPermissions permissions)
    {
        if (permissions.HasFlag(StaffPermissions.Escort))
        {
            yield return V1.StaffPermission.Escort;
        }

        if (permissions.HasFlag(StaffPermissions.RunSessions))
        {
            yield return V1.StaffPermission.RunSessions;
        }

        if (permissions.HasFlag(StaffPermissions.Override))
        {
            yield return V1.StaffPermission.Override;
        }
    }

    public static V1.RuleEnforcement ToContract(RuleEnforcement enforcement) => enforcement switch
    {
        RuleEnforcement.Refuse => V1.RuleEnforcement.Refuse,
        RuleEnforcement.Warn => V1.RuleEnforcement.Warn,
        _ => V1.RuleEnforcement.Unspecified,
    };

    public static V1.TimerStyle ToContract(TimerStyle style) => style switch
    {
        TimerStyle.Ring => V1.TimerStyle.Ring,
        TimerStyle.Digits => V1.TimerStyle.Digits,
        TimerStyle.Colours => V1.TimerStyle.Colours,
        _ => V1.TimerStyle.Unspecified,
    };
}
