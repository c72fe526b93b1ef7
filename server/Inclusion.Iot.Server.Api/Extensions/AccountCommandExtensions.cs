using System.Data.Common;
using Inclusion.Iot.Server.Api.Security;
using Inclusion.Iot.Server.Data;
using Inclusion.Iot.Server.Records.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Inclusion.Iot.Server.Api.Extensions;

/// <summary>
/// The IT staff's account command, run instead of the web host like <c>create-edge</c>:
/// <c>create-account --user &lt;name&gt; --role &lt;Administrator|Specialist|Auditor|NetworkCoordinator&gt;
/// (--organisation &lt;id&gt; | --network &lt;id&gt;) [--name "&lt;display name&gt;"] [--email &lt;address&gt;]</c>
/// creates a local account with a random password, printed once (only its hash is stored), or, for an existing user
/// name with <c>--reset</c>, gives it a new password and lifts a lockout. The change is in the audit log
/// (actor <c>system</c>, origin <c>command</c>). Exit 0 done, 1 refused or failed (the reason on stderr), 2 bad usage.
/// </summary>
public static class AccountCommandExtensions
{
    public const string CreateAccount = "create-account";

    private const string Usage = "--user <name> --role <Administrator|Specialist|Auditor|NetworkCoordinator> (--organisation <id> | --network <id>) [--name <display name>] [--email <address>] [--reset]";

    public static async Task<int> RunCreateAccountAsync(string[] args, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        var reset = args.Contains("--reset", StringComparer.Ordinal);
        var rest = args.Where(a => a != "--reset").ToArray();
        var (user, r1) = CommandArguments.Take(rest, "--user");
        var (roleText, r2) = CommandArguments.Take(r1, "--role");
        var (organisation, r3) = CommandArguments.Take(r2, "--organisation");
        var (network, r4) = CommandArguments.Take(r3, "--network");
        var (name, r5) = CommandArguments.Take(r4, "--name");
        var (email, others) = CommandArguments.Take(r5, "--email");
        var validRole = Enum.TryParse<AccountRole>(roleText, ignoreCase: true, out var role) && Enum.IsDefined(role) && !int.TryParse(roleText, out _);
        var coordinator = role == AccountRole.NetworkCoordinator;
        if (string.IsNullOrWhiteSpace(user) || (!reset && (!validRole
            || (coordinator ? string.IsNullOrWhiteSpace(network) || organisation is not null : string.IsNullOrWhiteSpace(organisation) || network is not null))))
        {
            await Console.Error.WriteLineAsync(StartupMessages.EdgeCommandUsage(CreateAccount, Usage));
            return 2;
        }

        var builder = WebApplication.CreateBuilder(others);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddServerStorage().AddAuditLog();
        builder.Services.AddSingleton<IPasswordHasher<Account>, PasswordHasher<Account>>();
        builder.Services.AddScoped<AccountAdministration>();
        await using var app = builder.Build();
        try
        {
            var storage = app.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
            await using var scope = app.Services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<AccessScopeHolder>().UseSystem(); // IT staff's command: any organisation
            var db = scope.ServiceProvider.GetRequiredService<ServerDbContext>();
            await ServerStorage.MigrateAsync(db, storage, cancellationToken);
            var accounts = scope.ServiceProvider.GetRequiredService<AccountAdministration>();
            var actor = AuditActor.System(null, AuditActor.CommandOrigin);
            IssuedPassword issued;
            if (reset)
            {
                var account = await db.Accounts.SingleOrDefaultAsync(a => a.UserName == user.Trim(), cancellationToken);
                if (account is null)
                {
                    await Console.Error.WriteLineAsync(StartupMessages.AccountCommandFailed(StartupMessages.AccountUnknown(user)));
                    return 1;
                }

                issued = await accounts.ResetPasswordAsync(account, actor with { OrganisationId = account.OrganisationId }, cancellationToken);
            }
            else
            {
                try
                {
                    issued = await accounts.CreateAsync(
                        new NewAccount(user, name, email, role, coordinator ? null : organisation, coordinator ? network : null),
                        actor with { OrganisationId = coordinator ? null : organisation?.Trim() }, cancellationToken);
                }
                catch (AccountRefusedException refused)
                {
                    var reason = refused.Refusal switch
                    {
                        AccountRefusal.UserNameTaken => StartupMessages.AccountExists(user),
                        AccountRefusal.NoPlace => StartupMessages.AccountNoPlace((coordinator ? network : organisation) ?? string.Empty),
                        _ => refused.Message,
                    };
                    await Console.Error.WriteLineAsync(StartupMessages.AccountCommandFailed(reason));
                    return 1;
                }
            }

            var password = issued.Password;
            var created = issued.Account;
            await Console.Out.WriteLineAsync(StartupMessages.AccountCreated(created.UserName, created.Role.ToString(), created.OrganisationId ?? created.NetworkId ?? string.Empty, password));
            return 0;
        }
        catch (OptionsValidationException invalid)
        {
            await Console.Error.WriteLineAsync(StartupMessages.ConfigurationError(invalid.Message));
            return 1;
        }
        catch (Exception failed) when (failed is DbException or DbUpdateException or InvalidOperationException or IOException or ArgumentException)
        {
            await Console.Error.WriteLineAsync(StartupMessages.AccountCommandFailed(failed.Message));
            return 1;
        }
    }
}

/// <summary>The commands' argument parsing, in one place.</summary>
public static class CommandArguments
{
    /// <summary>The value after <paramref name="name"/> (<c>--room x</c> or <c>--room=x</c>) and the other arguments.</summary>
    public static (string? Value, string[] Others) Take(string[] args, string name)
    {
        ArgumentNullException.ThrowIfNull(args);
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == name && i + 1 < args.Length) return (args[i + 1], [.. args[..i], .. args[(i + 2)..]]);
            if (args[i].StartsWith(name + "=", StringComparison.Ordinal)) return (args[i][(name.Length + 1)..], [.. args[..i], .. args[(i + 1)..]]);
        }

        return (null, args);
    }
}
