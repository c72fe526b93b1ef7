using Inclusion.Iot.Testing;

namespace Inclusion.Iot.EndToEnd.Tests;

/// <summary>
/// End-to-end tests share one real Mosquitto and one Chromium, and run one at a time: each starts the
/// server, an edge and firmware-sim as processes, which is what two cores can carry at once.
/// </summary>
[CollectionDefinition(Name)]
public sealed class EndToEndCollection : ICollectionFixture<MosquittoFixture>, ICollectionFixture<ChromiumFixture>
{
    public const string Name = "end-to-end";
}
