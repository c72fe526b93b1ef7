using Inclusion.Iot.Server.Records;

namespace Inclusion.Iot.Server.Tests;

/// <summary>The records layer works on its own types: the contract is mapped at the gateway, never in here.</summary>
public sealed class RecordsLayerTests
{
    [Fact]
    public void The_records_project_references_neither_protobuf_nor_grpc_nor_the_contract()
    {
        var references = typeof(RecordsAssembly).Assembly.GetReferencedAssemblies().Select(a => a.Name ?? string.Empty).ToList();
        Assert.Contains("Inclusion.Iot.Server.Data", references);
        Assert.DoesNotContain(references, name =>
            name.StartsWith("Google.Protobuf", StringComparison.Ordinal)
            || name.StartsWith("Grpc", StringComparison.Ordinal)
            || name.StartsWith("Inclusion.Iot.Contracts", StringComparison.Ordinal)
            || name.StartsWith("Inclusion.Iot.Server.Api", StringComparison.Ordinal));
    }
}
