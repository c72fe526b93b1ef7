using Inclusion.Iot.Edge.Worker.Hosting;
using Inclusion.Iot.Edge.Worker.Options;
using Inclusion.Iot.Edge.Devices.RoomFile;
using Inclusion.Iot.Testing;
using Microsoft.Extensions.Options;

namespace Inclusion.Iot.Edge.Worker.Tests;

/// <summary>Start-up messages follow the process's UI culture (en, ru, uk; English otherwise) and keep keys and values as written.</summary>
public sealed class StartupMessagesTests : IDisposable
{
    private const string SprinklerRoom = """
        { "schemaVersion": 1, "roomId": "r", "devices": [ { "name": "x", "role": "sprinkler", "driver": "zigbee2mqtt", "topic": "x" } ] }
        """;

    private readonly ScratchDirectory _scratch = new("edge-startup-messages");

    [Theory]
    [InlineData("uk", "devices[0].role: значення 'sprinkler' не допускається; можливі значення: lighting, occupancy, door_contact, entry_reader, timer, lock, fire_alarm, buzzer.")]
    [InlineData("uk-UA", "devices[0].role: значення 'sprinkler' не допускається; можливі значення: lighting, occupancy, door_contact, entry_reader, timer, lock, fire_alarm, buzzer.")]
    [InlineData("ru", "devices[0].role: значение 'sprinkler' не допускается; возможные значения: lighting, occupancy, door_contact, entry_reader, timer, lock, fire_alarm, buzzer.")]
    [InlineData("ru-RU", "devices[0].role: значение 'sprinkler' не допускается; возможные значения: lighting, occupancy, door_contact, entry_reader, timer, lock, fire_alarm, buzzer.")]
    [InlineData("en", "devices[0].role: 'sprinkler' is not one of lighting, occupancy, door_contact, entry_reader, timer, lock, fire_alarm, buzzer.")]
    [InlineData("de-DE", "devices[0].role: 'sprinkler' is not one of lighting, occupancy, door_contact, entry_reader, timer, lock, fire_alarm, buzzer.")]
    [InlineData("", "devices[0].role: 'sprinkler' is not one of lighting, occupancy, door_contact, entry_reader, timer, lock, fire_alarm, buzzer.")]
    public void A_room_file_error_reads_in_the_UI_culture(string culture, string message)
    {
        using var _ = UICulture.Use(culture);
        var e = Assert.Throws<RoomFileException>(() => RoomFileLoader.Parse(SprinklerRoom));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void A_room_file_error_names_the_file_in_Ukrainian()
    {
        var path = _scratch.File("room.json");
        File.WriteAllText(path, """{ "schemaVersion": 2, "roomId": "r", "devices": [ { "name": "a", "role": "lighting", "driver": "gpio", "pin": 4 } ] }""");
        using var _ = UICulture.Use("uk");
        var e = Assert.Throws<RoomFileException>(() => RoomFileLoader.Load(path, "Edge:RoomConfigPath"));
        Assert.Equal($"Файл кімнати '{path}': devices[0].driver: драйвер 'gpio' не може керувати пристроєм із роллю 'lighting' (драйвери для 'lighting': zigbee2mqtt, pca9685, pwm).", e.Message);
    }

    [Theory]
    [InlineData("uk", "Server:Url: 'grpc-server' не є URL-адресою http:// або https://.", "Server:UploadBatchSize: 0 поза допустимим діапазоном 1..10000.")]
    [InlineData("ru", "Server:Url: 'grpc-server' не является URL-адресом http:// или https://.", "Server:UploadBatchSize: 0 вне допустимого диапазона 1..10000.")]
    public void An_options_error_reads_in_the_UI_culture(string culture, string url, string batch)
    {
        using var _ = UICulture.Use(culture);
        var result = new EdgeOptionsValidation().Validate(null, new ServerOptions { Url = "grpc-server", UploadBatchSize = 0, CaCertificatePath = FakeEdgeGateway.CaPath });
        Assert.Equal([url, batch], result.Failures!);
    }

    [Theory]
    [InlineData("en", "Server:Url: 'http://127.0.0.1:8082' is plaintext: the server's gateway answers only over TLS, use https://.", "Server:CaCertificatePath: a value is required.")]
    [InlineData("uk", "Server:Url: 'http://127.0.0.1:8082' — без шифрування: шлюз сервера відповідає лише через TLS, використовуйте https://.", "Server:CaCertificatePath: потрібне значення.")]
    [InlineData("ru", "Server:Url: 'http://127.0.0.1:8082' — без шифрования: шлюз сервера отвечает только по TLS, используйте https://.", "Server:CaCertificatePath: требуется значение.")]
    public void A_plaintext_server_url_and_a_missing_ca_are_refused_in_the_UI_culture(string culture, string url, string ca)
    {
        using var _ = UICulture.Use(culture);
        var result = new EdgeOptionsValidation().Validate(null, new ServerOptions { Url = "http://127.0.0.1:8082" });
        Assert.Equal([url, ca], result.Failures!);
        var missing = new EdgeOptionsValidation().Validate(null, new ServerOptions { CaCertificatePath = "/nowhere/ca.crt" });
        Assert.Single(missing.Failures!, f => f.StartsWith("Server:CaCertificatePath: '/nowhere/ca.crt'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ru", "--Mqtt:Password=secret", "Mqtt:Username: значение обязательно, если задан параметр Mqtt:Password.")]
    [InlineData("uk", "--Mqtt:Host= ", "Mqtt:Host: потрібне значення.")]
    public async Task A_bad_setting_stops_the_host_with_a_message_in_the_UI_culture(string culture, string setting, string message)
    {
        using var _ = UICulture.Use(culture);
        await using var app = EdgeApplication.Build([.. StartupArgs.For(TestPaths.DemoRoomFile, _scratch), setting]);
        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
        Assert.Contains(message, e.Failures);
    }

    [Fact]
    public async Task The_process_prints_its_configuration_error_in_the_language_of_LC_ALL()
    {
        var (exitCode, output, path) = await StartupArgs.RunWithBadRoleAsync(_scratch, "uk_UA.UTF-8");
        Assert.Equal(2, exitCode);
        Assert.Contains($"Помилка конфігурації: Файл кімнати '{path}': devices[0].role: значення 'fan' не допускається;", output, StringComparison.Ordinal);
    }

    public void Dispose() => _scratch.Dispose();
}
