using Inclusion.Iot.Server.Data;
using Microsoft.AspNetCore.Authorization;

namespace Inclusion.Iot.Server.Api.Security;

/// <summary>
/// The server's named authorization policies, in one place: pages and endpoints (and later parts: audit log,
/// edge enrolment, programme pages) refer to them by name. The fallback policy closes every endpoint that says
/// nothing: a new endpoint needs a signed-in user until it names a policy or allows anonymous callers.
/// </summary>
public static class AccessPolicies
{
    /// <summary>Pupils' names and records: Administrator, Specialist, Auditor (of their organisation).</summary>
    public const string ReadPupilRecords = nameof(ReadPupilRecords);

    /// <summary>Creating and editing pupils and their programmes (D-IPR): Administrator, Specialist (of their organisation).</summary>
    public const string EditPupilRecords = nameof(EditPupilRecords);

    /// <summary>Changing the organisation (rooms, accounts, edges): Administrator.</summary>
    public const string ManageOrganisation = nameof(ManageOrganisation);

    /// <summary>The audit log: Administrator, Auditor.</summary>
    public const string ReadAudit = nameof(ReadAudit);

    /// <summary>Counts across the network (NetworkCoordinator), or of their own organisation (Administrator).</summary>
    public const string ReadNetworkAggregates = nameof(ReadNetworkAggregates);

    /// <summary>The roles of each policy (the table the tests check every endpoint against).</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<AccountRole>> Roles = new Dictionary<string, IReadOnlyList<AccountRole>>(StringComparer.Ordinal)
    {
        [ReadPupilRecords] = [AccountRole.Administrator, AccountRole.Specialist, AccountRole.Auditor],
        [EditPupilRecords] = [AccountRole.Administrator, AccountRole.Specialist],
        [ManageOrganisation] = [AccountRole.Administrator],
        [ReadAudit] = [AccountRole.Administrator, AccountRole.Auditor],
        [ReadNetworkAggregates] = [AccountRole.NetworkCoordinator, AccountRole.Administrator],
    };

    public static void Configure(AuthorizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var (name, roles) in Roles)
        {
            options.AddPolicy(name, policy => policy.RequireAuthenticatedUser().RequireRole(roles.Select(r => r.ToString())));
        }

        options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
    }
}
