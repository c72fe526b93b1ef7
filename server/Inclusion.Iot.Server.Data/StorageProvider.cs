namespace Inclusion.Iot.Server.Data;

public enum StorageProvider
{
    Sqlite,
    PostgreSql,
}
