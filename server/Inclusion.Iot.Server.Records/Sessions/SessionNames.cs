using Inclusion.Iot.Server.Data;

namespace Inclusion.Iot.Server.Records.Sessions;

/// <summary>
/// The one spelling of the records' session enums outside the database: the JSON API, the admin page's resource keys
/// and telemetry's tags (snake_case, as the contract's names).
/// </summary>
public static class SessionNames
{
    /// <summary><c>individual</c>, <c>group</c>, <c>unloading</c>, <c>open_use</c> or <c>unspecified</c>.</summary>
    public static string Name(this SessionKind kind) => kind switch
    {
        SessionKind.Individual => "individual",
        SessionKind.Group => "group",
        SessionKind.Unloading => "unloading",
        SessionKind.OpenUse => "open_use",
        _ => "unspecified",
    };

    /// <summary><c>ended_on_panel</c>, <c>escort_badged_out</c>, <c>overrun_limit</c>, <c>aborted_on_panel</c>, <c>all_pupils_left</c> or <c>unspecified</c>.</summary>
    public static string Name(this SessionEndReason reason) => reason switch
    {
        SessionEndReason.EndedOnPanel => "ended_on_panel",
        SessionEndReason.EscortBadgedOut => "escort_badged_out",
        SessionEndReason.OverrunLimit => "overrun_limit",
        SessionEndReason.AbortedOnPanel => "aborted_on_panel",
        SessionEndReason.AllPupilsLeft => "all_pupils_left",
        _ => "unspecified",
    };
}
