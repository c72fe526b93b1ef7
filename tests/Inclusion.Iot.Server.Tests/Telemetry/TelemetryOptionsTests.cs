using Inclusion.Iot.Server.Api.Extensions;
using Inclusion.Iot.Server.Api.Telemetry;
using Inclusion.Iot.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Inclusion.Iot.Server.Tests.Telemetry;

[UseUICulture("en")]
public sealed class TelemetryOptionsTests
{
    [Fact]
    public void The_default_is_off_with_500_events_per_batch_every_5_seconds_and_needs_no_database()
    {
        var options = Bind([]);
        Assert.False(options.Enabled);
        Assert.Equal((500, 5), (options.BatchSize, options.PollIntervalSeconds));
        Assert.Equal(string.Empty, options.Url);
    }

    [Fact]
    public void The_compose_settings_are_accepted()
    {
        var options = Bind(new()
        {
            ["Telemetry:Enabled"] = "true",
            ["Telemetry:Url"] = "http://influxdb:8086",
            ["Telemetry:Organisation"] = "inclusion",
            ["Telemetry:Bucket"] = "rooms",
            ["Telemetry:Token"] = "secret",
        });
        Assert.True(options.Enabled);
        Assert.Equal("http://influxdb:8086", options.Url);
    }

    [Fact]
    public void Enabled_without_a_database_stops_start_up_naming_every_missing_key_in_English()
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Bind(new() { ["Telemetry:Enabled"] = "true", ["Telemetry:Url"] = "influxdb:8086/x y" }));
        Assert.Equal(
            [
                "Telemetry:Url is 'influxdb:8086/x y': with Telemetry:Enabled it must be the absolute http or https URL of InfluxDB 2, e.g. 'http://influxdb:8086'.",
                "Telemetry:Organisation is empty: it is required with Telemetry:Enabled.",
                "Telemetry:Bucket is empty: it is required with Telemetry:Enabled.",
                "Telemetry:Token is empty: it is required with Telemetry:Enabled.",
            ],
            failure.Failures);
    }

    [Theory]
    [InlineData("BatchSize", "0", "Telemetry:BatchSize is 0: it must be 1..50000.")]
    [InlineData("BatchSize", "50001", "Telemetry:BatchSize is 50001: it must be 1..50000.")]
    [InlineData("PollIntervalSeconds", "0", "Telemetry:PollIntervalSeconds is 0: it must be 1..3600.")]
    public void Numbers_out_of_range_are_refused_even_when_export_is_off(string key, string value, string message)
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Bind(new() { [$"Telemetry:{key}"] = value }));
        Assert.Equal([message], failure.Failures);
    }

    [Theory]
    [InlineData(
        "uk",
        "Параметр Telemetry:Url дорівнює '': при Telemetry:Enabled він має бути абсолютною http- або https-адресою InfluxDB 2, наприклад 'http://influxdb:8086'.",
        "Параметр Telemetry:Token порожній: він обов'язковий при Telemetry:Enabled.",
        "Параметр Telemetry:BatchSize дорівнює 0: він має бути в межах 1..50000.")]
    [InlineData(
        "ru-RU",
        "Параметр Telemetry:Url равен '': при Telemetry:Enabled он должен быть абсолютным http- или https-адресом InfluxDB 2, например 'http://influxdb:8086'.",
        "Параметр Telemetry:Token пуст: он обязателен при Telemetry:Enabled.",
        "Параметр Telemetry:BatchSize равен 0: он должен быть в пределах 1..50000.")]
    public void The_problems_read_in_the_UI_culture(string culture, string url, string token, string batchSize)
    {
        using var _ = UICulture.Use(culture);
        var failure = Assert.Throws<OptionsValidationException>(() => Bind(new()
        {
            ["Telemetry:Enabled"] = "true",
            ["Telemetry:Organisation"] = "inclusion",
            ["Telemetry:Bucket"] = "rooms",
            ["Telemetry:BatchSize"] = "0",
        }));
        Assert.Equal([url, token, batchSize], failure.Failures);
    }

    private static TelemetryOptions Bind(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging().AddTelemetryExport();
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<TelemetryOptions>>().Value;
    }
}
