using Inclusion.Iot.Server.Api.Networks;
using Inclusion.Iot.Server.Api.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Inclusion.Iot.Server.Api.Pages;

/// <summary>The network coordinator's page: sessions, rooms and occupied minutes per organisation per week; counts only.</summary>
[Authorize(Policy = AccessPolicies.ReadNetworkAggregates)]
public sealed class NetworkModel(NetworkUsage usage) : PageModel
{
    public IReadOnlyList<OrganisationWeek> Weeks { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => Weeks = await usage.ListAsync(cancellationToken);
}
