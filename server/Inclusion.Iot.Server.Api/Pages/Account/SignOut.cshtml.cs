using Inclusion.Iot.Server.Api.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Inclusion.Iot.Server.Api.Pages.Account;

/// <summary>Sign-out: a POST with the antiforgery token (GET shows the button); ends the cookie session.</summary>
[AllowAnonymous]
public sealed class SignOutModel : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(SecurityExtensions.CookieScheme);
        return Redirect(SecurityExtensions.SignInPath);
    }
}
