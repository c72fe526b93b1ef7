using Microsoft.Extensions.Options;

namespace Inclusion.Iot.Server.Api.Security;

/// <summary>Section <c>Accounts</c>: lockout after failed sign-ins and the API tokens' lifetime.</summary>
public sealed class AccountOptions
{
    public const string SectionName = "Accounts";

    /// <summary>Failed sign-ins in a row that lock the account.</summary>
    public int MaxFailedSignIns { get; set; } = 5;

    /// <summary>How long a locked account stays locked.</summary>
    public int LockoutMinutes { get; set; } = 15;

    /// <summary>How long a bearer token from <c>POST /api/auth/token</c> is accepted.</summary>
    public int TokenMinutes { get; set; } = 60;
}

public sealed class AccountOptionsValidation : IValidateOptions<AccountOptions>
{
    public ValidateOptionsResult Validate(string? name, AccountOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.MaxFailedSignIns is < 1 or > 100)
        {
            failures.Add($"Accounts:MaxFailedSignIns must be between 1 and 100 (is {options.MaxFailedSignIns}).");
        }

        if (options.LockoutMinutes is < 1 or > 24 * 60)
        {
            failures.Add($"Accounts:LockoutMinutes must be between 1 and 1440 (is {options.LockoutMinutes}).");
        }

        if (options.TokenMinutes is < 1 or > 24 * 60)
        {
            failures.Add($"Accounts:TokenMinutes must be between 1 and 1440 (is {options.TokenMinutes}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
