using Inclusion.Iot.Testing;
using Inclusion.Iot.Server.Api.Extensions;
using Inclusion.Iot.Server.Data;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Inclusion.Iot.Server.Tests;

[UseUICulture("en")]
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

    [Fact]
    public void The_problems_read_in_English_naming_keys_and_values()
    {
        var problems = new StorageOptions { Provider = "Oracle", ConnectionString = "" }.Validate();
        Assert.Equal(
            [
                "Storage:Provider is 'Oracle': it must be 'Sqlite' or 'PostgreSql'.",
                "Storage:ConnectionString is empty: give a SQLite ('Data Source=data/inclusion-server.db') or Npgsql connection string.",
            ],
            problems);
    }

    [Theory]
    [InlineData(
        "uk",
        "Параметр Storage:Provider дорівнює 'Oracle', а має бути 'Sqlite' або 'PostgreSql'.",
        "Параметр Storage:ConnectionString порожній: вкажіть рядок підключення SQLite ('Data Source=data/inclusion-server.db') або Npgsql.")]
    [InlineData(
        "ru-RU",
        "Параметр Storage:Provider равен 'Oracle', а должен быть 'Sqlite' или 'PostgreSql'.",
        "Параметр Storage:ConnectionString пуст: укажите строку подключения SQLite ('Data Source=data/inclusion-server.db') или Npgsql.")]
    public void The_problems_read_in_the_UI_culture(string culture, string provider, string connectionString)
    {
        using var _ = UICulture.Use(culture);
        var failure = Assert.Throws<OptionsValidationException>(() => Bind(new() { ["Storage:Provider"] = "Oracle", ["Storage:ConnectionString"] = "" }));
        Assert.Equal([provider, connectionString], failure.Failures);
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
