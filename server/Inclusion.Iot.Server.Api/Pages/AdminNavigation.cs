using Inclusion.Iot.Server.Api.Security;

namespace Inclusion.Iot.Server.Api.Pages;

/// <summary>
/// The admin site's menu: each page with the resource key of its label and the policy that shows it. The layout shows
/// an entry only to a user the policy admits, so the menu never offers a page that would answer 403.
/// </summary>
public static class AdminNavigation
{
    public sealed record Item(string Path, string LabelKey, string Policy);

    public static readonly IReadOnlyList<Item> Items =
    [
        new("/", "Nav_Sessions", AccessPolicies.ReadPupilRecords),
        new("/programmes", "Nav_Programmes", AccessPolicies.ReadPupilRecords),
        new("/pupils/new", "Nav_NewPupil", AccessPolicies.EditPupilRecords),
        new("/network", "Nav_Network", AccessPolicies.ReadNetworkAggregates),
        new("/edges", "Edges_Nav", AccessPolicies.ManageOrganisation),
        new("/accounts", "Accounts_Nav", AccessPolicies.ManageOrganisation),
        new("/audit", "Audit_Nav", AccessPolicies.ReadAudit),
    ];
}
