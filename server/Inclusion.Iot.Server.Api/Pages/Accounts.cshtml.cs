using Inclusion.Iot.Server.Api.Records;
using Inclusion.Iot.Server.Api.Security;
using Inclusion.Iot.Server.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Inclusion.Iot.Server.Api.Pages;

/// <summary>
/// An administrator's accounts of their organisation (<see cref="AccessPolicies.ManageOrganisation"/>): the list; a new
/// account (administrator, specialist or auditor of this organisation only) and a password reset, each showing the
/// generated password once; disabling, enabling and a new role, which end the account's open sessions. The same
/// <see cref="AccountAdministration"/> as the <c>create-account</c> command; every change is audited.
/// </summary>
[Authorize(Policy = AccessPolicies.ManageOrganisation)]
public sealed class AccountsModel(AccountAdministration accounts, ServerDbContext db, TimeProvider time, IStringLocalizer<SharedResource> t) : PageModel
{
    public IReadOnlyList<Data.Account> Accounts { get; private set; } = [];

    public OrganisationTime Time { get; private set; } = new(TimeZoneInfo.Utc);

    /// <summary>A password just given: shown in this answer only.</summary>
    public IssuedPassword? Issued { get; private set; }

    public string? Error { get; private set; }

    public string? Message { get; private set; }

    [BindProperty]
    public string? UserName { get; set; }

    [BindProperty]
    public string? DisplayName { get; set; }

    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Role { get; set; }

    public int? CurrentAccountId => int.TryParse(User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value, out var id) ? id : null;

    public bool IsLocked(Data.Account account) => SignInLockout.IsLocked(account, time.GetUtcNow().UtcDateTime);

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        if (!TryRole(Role, out var role))
        {
            return await RefusedAsync(StatusCodes.Status400BadRequest, t["Accounts_BadRole"], cancellationToken);
        }

        try
        {
            Issued = await accounts.CreateAsync(new NewAccount(UserName, DisplayName, Email, role, db.AccessScope.OrganisationId),
                AuditEndpoints.Actor(HttpContext), cancellationToken);
        }
        catch (AccountRefusedException refused)
        {
            return await RefusedAsync(StatusCodes.Status400BadRequest, Refusal(refused.Refusal, UserName?.Trim() ?? string.Empty), cancellationToken);
        }

        UserName = DisplayName = Email = Role = null;
        return await DoneAsync(t["Accounts_Created", Issued.Account.UserName], cancellationToken);
    }

    public Task<IActionResult> OnPostResetAsync(int accountId, CancellationToken cancellationToken) =>
        ChangeAsync(accountId, async account =>
        {
            Issued = await accounts.ResetPasswordAsync(account, AuditEndpoints.Actor(HttpContext), cancellationToken);
            return t["Accounts_ResetDone", account.UserName];
        }, cancellationToken);

    public Task<IActionResult> OnPostDisableAsync(int accountId, CancellationToken cancellationToken) =>
        ChangeAsync(accountId, async account =>
        {
            await accounts.SetDisabledAsync(account, disabled: true, AuditEndpoints.Actor(HttpContext), cancellationToken);
            return t["Accounts_DisabledDone", account.UserName];
        }, cancellationToken);

    public Task<IActionResult> OnPostEnableAsync(int accountId, CancellationToken cancellationToken) =>
        ChangeAsync(accountId, async account =>
        {
            await accounts.SetDisabledAsync(account, disabled: false, AuditEndpoints.Actor(HttpContext), cancellationToken);
            return t["Accounts_EnabledDone", account.UserName];
        }, cancellationToken);

    public Task<IActionResult> OnPostRoleAsync(int accountId, string? newRole, CancellationToken cancellationToken) =>
        ChangeAsync(accountId, async account =>
        {
            if (!TryRole(newRole, out var role))
            {
                throw new AccountRefusedException(AccountRefusal.RoleNotAllowed, "Not an organisation role.");
            }

            await accounts.ChangeRoleAsync(account, role, AuditEndpoints.Actor(HttpContext), cancellationToken);
            return t["Accounts_RoleDone", account.UserName, t["Accounts_Role_" + role].Value];
        }, cancellationToken);

    private async Task<IActionResult> ChangeAsync(int accountId, Func<Data.Account, Task<string>> change, CancellationToken cancellationToken)
    {
        // In the administrator's scope: another organisation's account is not found.
        var account = await db.Accounts.SingleOrDefaultAsync(a => a.Id == accountId, cancellationToken);
        if (account is null)
        {
            return await RefusedAsync(StatusCodes.Status404NotFound, t["Accounts_Unknown", accountId], cancellationToken);
        }

        try
        {
            return await DoneAsync(await change(account), cancellationToken);
        }
        catch (AccountRefusedException refused)
        {
            db.ChangeTracker.Clear();
            return await RefusedAsync(refused.Refusal == AccountRefusal.LastAdministrator ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest,
                Refusal(refused.Refusal, account.UserName), cancellationToken);
        }
    }

    private string Refusal(AccountRefusal refusal, string userName) => refusal switch
    {
        AccountRefusal.UserNameTaken => t["Accounts_UserNameTaken", userName],
        AccountRefusal.InvalidUserName => t["Accounts_InvalidUserName", AccountAdministration.MaxUserNameLength],
        AccountRefusal.LastAdministrator => t["Accounts_LastAdministrator", userName],
        AccountRefusal.RoleNotAllowed => t["Accounts_BadRole"],
        _ => t["Accounts_NoOrganisation"],
    };

    private static bool TryRole(string? text, out AccountRole role) =>
        Enum.TryParse(text, ignoreCase: false, out role) && AccountAdministration.OrganisationRoles.Contains(role) && !int.TryParse(text, out _);

    private async Task<IActionResult> DoneAsync(string message, CancellationToken cancellationToken)
    {
        Message = message;
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task<IActionResult> RefusedAsync(int status, string error, CancellationToken cancellationToken)
    {
        Error = error;
        Response.StatusCode = status;
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Time = await OrganisationTime.OfAsync(db, cancellationToken);
        Accounts = await db.Accounts.AsNoTracking().OrderBy(a => a.UserName).ToListAsync(cancellationToken);
    }
}
