using System.Security.Cryptography;
using System.Text.Json;
using Inclusion.Iot.Server.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Inclusion.Iot.Server.Api.Demo;

/// <summary>One demo account as written to <see cref="DemoOptions.AccountsFile"/>.</summary>
public sealed record DemoAccount(string UserName, string Password, AccountRole Role, string? OrganisationId, string? NetworkId);

/// <summary>
/// The demo's accounts, one per role, made on first run with random passwords (<see cref="RandomNumberGenerator"/>)
/// that are written only to <see cref="DemoOptions.AccountsFile"/> (mode 0600 where the file system has modes); the log
/// says where the file is, never a password. An account that exists is kept as it is (its password is not known any more).
/// </summary>
public sealed partial class DemoAccounts(ServerDbContext db, IPasswordHasher<Account> hasher, IOptions<DemoOptions> options, ILogger<DemoAccounts> logger)
{
    public static readonly IReadOnlyList<(string UserName, string DisplayName, AccountRole Role)> Accounts =
    [
        ("demo-admin", "Demo administrator", AccountRole.Administrator),
        ("demo-specialist", "Demo specialist", AccountRole.Specialist),
        ("demo-auditor", "Demo auditor", AccountRole.Auditor),
        ("demo-coordinator", "Demo network coordinator", AccountRole.NetworkCoordinator),
    ];

    public static readonly JsonSerializerOptions FileJson = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    /// <summary>Creates the missing demo accounts and writes their passwords; returns how many were created.</summary>
    public async Task<int> EnsureAsync(CancellationToken cancellationToken)
    {
        var file = options.Value.AccountsFile;
        if (string.IsNullOrWhiteSpace(file))
        {
            LogNoFile(logger);
            return 0;
        }

        var names = Accounts.Select(a => a.UserName).ToList();
        var existing = await db.Accounts.Where(a => names.Contains(a.UserName)).Select(a => a.UserName).ToListAsync(cancellationToken);
        var created = new List<DemoAccount>();
        foreach (var (userName, displayName, role) in Accounts.Where(a => !existing.Contains(a.UserName)))
        {
            var password = Security.AccountAdministration.NewPassword();
            var coordinator = role == AccountRole.NetworkCoordinator;
            var account = new Account
            {
                UserName = userName,
                DisplayName = displayName,
                Role = role,
                OrganisationId = coordinator ? null : DemoSeed.OrganisationId,
                NetworkId = coordinator ? DemoSeed.NetworkId : null,
            };
            account.PasswordHash = hasher.HashPassword(account, password);
            db.Accounts.Add(account);
            created.Add(new DemoAccount(userName, password, role, account.OrganisationId, account.NetworkId));
        }

        var path = Path.GetFullPath(file);
        if (created.Count == 0)
        {
            LogCurrent(logger, path);
            return 0;
        }

        // The file first: accounts whose passwords nobody can read would lock the demo out.
        await WriteAsync(path, created, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        LogCreated(logger, created.Count, path);
        return created.Count;
    }

    /// <summary>Reads a file written by <see cref="EnsureAsync"/>.</summary>
    public static async Task<IReadOnlyList<DemoAccount>> ReadAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync<List<DemoAccount>>(stream, FileJson, cancellationToken) ?? [];
    }

    private static async Task WriteAsync(string path, IReadOnlyList<DemoAccount> accounts, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var stream = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            stream.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using (var output = new FileStream(path, stream))
        {
            await JsonSerializer.SerializeAsync(output, accounts, FileJson, cancellationToken);
        }

        if (!OperatingSystem.IsWindows())
        {
            // An existing file keeps its mode on create: set it.
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo:AccountsFile is not set: no demo accounts are created.")]
    private static partial void LogNoFile(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo accounts exist; their passwords were written on first run to {File}.")]
    private static partial void LogCurrent(ILogger logger, string file);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created {Count} demo accounts; user names and passwords are in {File} (readable by this user only).")]
    private static partial void LogCreated(ILogger logger, int count, string file);
}
