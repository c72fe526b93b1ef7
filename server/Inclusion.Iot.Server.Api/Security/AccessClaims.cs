using System.Security.Claims;
using Inclusion.Iot.Server.Data;

namespace Inclusion.Iot.Server.Api.Security;

/// <summary>The claims a signed-in account carries, and the access scope they give.</summary>
public static class AccessClaims
{
    public const string OrganisationId = "inclusion:organisation";
    public const string NetworkId = "inclusion:network";
    public const string SecurityStamp = "inclusion:stamp";
    public const string AuthenticationType = "Inclusion.Iot";

    public static ClaimsPrincipal Principal(Account account)
    {
        ArgumentNullException.ThrowIfNull(account);
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, account.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, account.UserName),
            new(ClaimTypes.GivenName, account.DisplayName),
            new(ClaimTypes.Role, account.Role.ToString()),
            new(SecurityStamp, account.SecurityStamp),
        };
        if (account.OrganisationId is { } organisation)
        {
            claims.Add(new Claim(OrganisationId, organisation));
        }

        if (account.NetworkId is { } network)
        {
            claims.Add(new Claim(NetworkId, network));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, AuthenticationType, ClaimTypes.Name, ClaimTypes.Role));
    }

    /// <summary>
    /// Whose rows this user may see: a coordinator their network, anyone else their organisation; an anonymous user,
    /// or one whose claims do not fit their role, nobody.
    /// </summary>
    public static AccessScope Scope(ClaimsPrincipal? user)
    {
        if (user?.Identity?.IsAuthenticated != true || !Enum.TryParse<AccountRole>(user.FindFirstValue(ClaimTypes.Role), out var role))
        {
            return AccessScope.Nobody;
        }

        var organisation = user.FindFirstValue(OrganisationId);
        var network = user.FindFirstValue(NetworkId);
        return role switch
        {
            AccountRole.NetworkCoordinator when !string.IsNullOrEmpty(network) => AccessScope.ForNetwork(network),
            not AccountRole.NetworkCoordinator when !string.IsNullOrEmpty(organisation) => AccessScope.ForOrganisation(organisation),
            _ => AccessScope.Nobody,
        };
    }

    public static bool IsInRole(this ClaimsPrincipal user, AccountRole role)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.IsInRole(role.ToString());
    }
}

/// <summary>Endpoint metadata: this endpoint's work is the server's own and runs unscoped (the edge gateway).</summary>
public sealed class SystemAccessMetadata
{
    public static readonly SystemAccessMetadata Instance = new();
}
