namespace Inclusion.Iot.Server.Data;

[Flags]
public enum StaffPermissions
{
    None = 0,

    /// <summary>May escort pupils into the room (R-ESCORT).</summary>
    Escort = 1,

    RunSessions = 2,

    /// <summary>May override R-SCHED and R-WEEK with a typed reason; never R-ESCORT.</summary>
    Override = 4,
}
