using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Inclusion.Iot.Server.Data;

/// <summary>Chooses the provider for <see cref="ServerDbContext"/> and brings a database up to the current schema.</summary>
public static class ServerStorage
{
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder builder, StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        switch (options.ProviderKind)
        {
            case StorageProvider.PostgreSql:
                builder.UseNpgsql(options.ConnectionString);
                break;
            default:
                builder.UseSqlite(options.ConnectionString);
                break;
        }

        return builder;
    }

    /// <summary>Creates the SQLite file's directory when needed and applies every migration.</summary>
    public static async Task MigrateAsync(ServerDbContext context, StorageOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        if (options.ProviderKind == StorageProvider.Sqlite)
        {
            var file = new SqliteConnectionStringBuilder(options.ConnectionString).DataSource;
            var directory = Path.GetDirectoryName(Path.GetFullPath(file));
            if (!string.IsNullOrEmpty(file) && file != ":memory:" && !string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }
        }

        await context.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
        if (options.ProviderKind == StorageProvider.Sqlite)
        {
            // Readers (the admin page, reports) do not block the edges' uploads; the setting stays with the file.
            await context.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);
        }
    }
}
