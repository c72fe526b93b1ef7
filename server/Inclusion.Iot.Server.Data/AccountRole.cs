namespace Inclusion.Iot.Server.Data;

/// <summary>What a signed-in person may do on the server's web side (the policies are in the host's <c>AccessPolicies</c>).</summary>
public enum AccountRole
{
    /// <summary>Manages one organisation; reads its pupil records and audit.</summary>
    Administrator,

    /// <summary>Reads and works with one organisation's pupil records.</summary>
    Specialist,

    /// <summary>Reads one organisation's pupil records and audit; changes nothing.</summary>
    Auditor,

    /// <summary>Reads aggregates (counts) across a network's organisations; never pupil names or pupil ids.</summary>
    NetworkCoordinator,
}
