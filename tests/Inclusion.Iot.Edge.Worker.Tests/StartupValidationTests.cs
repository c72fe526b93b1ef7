using Inclusion.Iot.Edge.Worker.Hosting;
using Inclusion.Iot.Edge.Devices.RoomFile;
using Inclusion.Iot.Testing;
using Microsoft.Extensions.Options;

namespace Inclusion.Iot.Edge.Worker.Tests;

/// <summary>A bad setting or room file stops start-up with a message naming the key (English here; see <see cref="StartupMessagesTests"/>).</summary>
[UseUICulture("en")]
public sealed class StartupValidationTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new("edge-startup");

    [Theory]
    [InlineData("--Mqtt:Port=0", "Mqtt:Port: 0 is outside 1..65535.")]
    [InlineData("--Mqtt:Host=", "Mqtt:Host: a value is required.")]
    [InlineData("--Mqtt:EmbeddedBroker:Port=70000", "Mqtt:EmbeddedBroker:Port: 70000 is outside 1..65535.")]
    [InlineData("--Mqtt:Password=secret", "Mqtt:Username: required when Mqtt:Password is set.")]
    [InlineData("--Server:Url=grpc-server", "Server:Url: 'grpc-server' is not an http:// or https:// URL.")]
    [InlineData("--Server:SyncIntervalSeconds=0", "Server:SyncIntervalSeconds: 0 is outside 1..3600.")]
    [InlineData("--Server:UploadBatchSize=-5", "Server:UploadBatchSize: -5 is outside 1..10000.")]
    [InlineData("--Mqtt:CaFile=/nonexistent/ca.crt", "Mqtt:CaFile: '/nonexistent/ca.crt' is not a readable PEM certificate file.")]
    [InlineData("--Edge:EdgeId=", "Edge:EdgeId: a value is required.")]
    [InlineData("--Edge:DataDirectory= ", "Edge:DataDirectory: a value is required.")]
    public async Task A_bad_setting_stops_start_up_naming_the_key(string setting, string message)
    {
        await using var app = EdgeApplication.Build([.. StartupArgs.For(TestPaths.DemoRoomFile, _scratch), setting]);
        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
        Assert.Contains(message, e.Failures);
    }

    [Fact]
    public async Task A_bad_room_file_stops_start_up_naming_the_key()
    {
        var path = _scratch.File("room.json");
        await File.WriteAllTextAsync(path, """
            { "schemaVersion": 2, "roomId": "r", "devices": [
              { "name": "a", "role": "lighting", "driver": "zigbee2mqtt", "topic": "a" },
              { "name": "b", "role": "occupancy", "driver": "gpio", "pin": 17 },
              { "name": "c", "role": "door_contact", "driver": "gpio", "pin": 17 } ] }
            """);
        await using var app = EdgeApplication.Build(StartupArgs.For(path, _scratch));
        var e = await Assert.ThrowsAsync<RoomFileException>(() => app.StartAsync());
        Assert.Contains("devices[2].pin: GPIO17 is already used by devices[1].pin", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_process_exits_non_zero_with_the_message_on_a_bad_room_file()
    {
        var (exitCode, output, path) = await StartupArgs.RunWithBadRoleAsync(_scratch, "en_US.UTF-8");
        Assert.NotEqual(0, exitCode);
        Assert.Contains($"Configuration error: Room file '{path}': devices[0].role: 'fan' is not one of", output, StringComparison.Ordinal);
    }

    public void Dispose() => _scratch.Dispose();
}
