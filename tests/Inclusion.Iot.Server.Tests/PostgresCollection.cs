using Inclusion.Iot.Testing;

namespace Inclusion.Iot.Server.Tests;

/// <summary>One throwaway PostgreSQL server for every test class that needs one; each test takes a fresh database.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "PostgreSQL";
}
