using Inclusion.Iot.Server.Api.Extensions;
using Inclusion.Iot.Server.Data;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Inclusion.Iot.Server.Tests;

public sealed class StorageOptionsTests
{
    [Theory]
    [InlineData("Sqlite", StorageProvider.Sqlite)]
    [InlineData("sqlite", StorageProvider.Sqlite)]
    [InlineData("PostgreSql", StorageProvider.PostgreSql)]
    public void Known_providers_are_accepted(string provider, StorageProvider expected)
    {
        var options = Bind(new() { ["Storage:Provider"] = provider });
        Assert.Equal(expected, options.ProviderKind);
    }

    [Theory]
    [InlineData("Oracle")]
    [InlineData("1")]
    [InlineData("")]
    public void An_unknown_provider_stops_start_up_with_a_message_naming_the_key(string provider)
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Bind(new() { ["Storage:Provider"] = provider }));
        Assert.Contains("Storage:Provider", failure.Message, StringComparison.Ordinal);
        Assert.Contains("PostgreSql", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_connection_string_is_refused_naming_the_key()
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Bind(new() { ["Storage:ConnectionString"] = " " }));
        Assert.Contains("Storage:ConnectionString", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_is_a_sqlite_file_under_data()
    {
        var options = Bind([]);
        Assert.Equal(StorageProvider.Sqlite, options.ProviderKind);
        Assert.Equal("Data Source=data/inclusion-server.db", options.ConnectionString);
    }

    private static StorageOptions Bind(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging().AddServerStorage();
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<StorageOptions>>().Value;
    }
}
