using Inclusion.Iot.Server.Api.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Inclusion.Iot.Server.Api.Pages.Account;

/// <summary>
/// The sign-in form (local accounts) and, when a school identity provider is configured, its button. A refusal says
/// only that the user name or the password is wrong (never which), or that the account is locked.
/// </summary>
[AllowAnonymous]
public sealed class SignInModel(AccountSignIn signIn, IOptions<SchoolSignInOptions> school, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty]
    public string? UserName { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public bool SchoolSignIn => school.Value.Enabled;

    public void OnGet(string? error)
    {
        if (error == "school")
        {
            Error = t["SignIn_SchoolRefused"];
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(UserName) || string.IsNullOrEmpty(Password))
        {
            Error = t["SignIn_Required"];
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var result = await signIn.PasswordAsync(UserName, Password, SecurityExtensions.Origin(HttpContext), cancellationToken);
        if (result.Principal is null)
        {
            Error = t[AccountSignIn.RefusalKey(result.Outcome)];
            Password = null;
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Page();
        }

        await HttpContext.SignInAsync(SecurityExtensions.CookieScheme, result.Principal);
        return LocalRedirect(SecurityExtensions.SafeReturnUrl(ReturnUrl));
    }
}
