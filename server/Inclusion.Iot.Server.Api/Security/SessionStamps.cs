using System.Globalization;
using System.Security.Claims;
using Inclusion.Iot.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace Inclusion.Iot.Server.Api.Security;

/// <summary>
/// Whether a signed-in session (cookie or bearer token) still stands for its account: the account exists, is not
/// disabled, and has the security stamp the session was issued with. A password reset, disabling the account or a new
/// role changes the stamp (<see cref="AccountAdministration"/>), so the old session ends at its next request instead
/// of keeping its claims until it expires. One lookup by primary key, unscoped (the session is not trusted yet).
/// </summary>
public sealed class SessionStamps(IServiceScopeFactory scopes)
{
    public async Task<bool> IsCurrentAsync(ClaimsPrincipal? user, CancellationToken cancellationToken)
    {
        var stamp = user?.FindFirstValue(AccessClaims.SecurityStamp);
        if (stamp is null || !int.TryParse(user!.FindFirstValue(ClaimTypes.NameIdentifier), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return false;
        }

        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<AccessScopeHolder>().UseSystem();
        var account = await scope.ServiceProvider.GetRequiredService<ServerDbContext>().Accounts.AsNoTracking()
            .Where(a => a.Id == id).Select(a => new { a.SecurityStamp, a.DisabledAt }).SingleOrDefaultAsync(cancellationToken);
        return account is not null && account.DisabledAt is null && string.Equals(account.SecurityStamp, stamp, StringComparison.Ordinal);
    }
}
