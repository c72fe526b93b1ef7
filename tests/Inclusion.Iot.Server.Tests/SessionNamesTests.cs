using Inclusion.Iot.Server.Data;
using Inclusion.Iot.Server.Records.Sessions;

namespace Inclusion.Iot.Server.Tests;

/// <summary>The records' session enums have one spelling outside the database, the contract's snake_case names.</summary>
public sealed class SessionNamesTests
{
    [Fact]
    public void Every_session_kind_and_end_reason_is_named_as_the_contract_names_it()
    {
        Assert.Equal(
            ["unspecified", "individual", "group", "unloading", "open_use"],
            Enum.GetValues<SessionKind>().Select(k => k.Name()));
        Assert.Equal(
            ["unspecified", "ended_on_panel", "escort_badged_out", "overrun_limit", "aborted_on_panel", "all_pupils_left"],
            Enum.GetValues<SessionEndReason>().Select(r => r.Name()));
        // The same names telemetry derives from the contract's enums, so a session's tags agree whichever side they come from.
        foreach (var kind in Enum.GetValues<Contracts.Edge.V1.SessionKind>())
        {
            Assert.Equal(Api.Telemetry.TelemetryPoints.SnakeCase(kind.ToString()), ((SessionKind)(int)kind).Name());
        }

        foreach (var reason in Enum.GetValues<Contracts.Edge.V1.SessionEndReason>())
        {
            Assert.Equal(Api.Telemetry.TelemetryPoints.SnakeCase(reason.ToString()), ((SessionEndReason)(int)reason).Name());
        }
    }
}
