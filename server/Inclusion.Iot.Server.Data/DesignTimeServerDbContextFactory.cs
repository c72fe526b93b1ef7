using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Inclusion.Iot.Server.Data;

/// <summary>For <c>dotnet ef migrations add</c>: migrations are generated on SQLite, then made provider-neutral by hand.</summary>
public sealed class DesignTimeServerDbContextFactory : IDesignTimeDbContextFactory<ServerDbContext>
{
    public ServerDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<ServerDbContext>();
        ServerStorage.Configure(builder, new StorageOptions { ConnectionString = "Data Source=design-time.db" });
        return new ServerDbContext(builder.Options);
    }
}
