using System.Globalization;
using System.Text.Json;
using Inclusion.Iot.Edge.Devices.Conventions;
using Inclusion.Iot.Testing;
using MQTTnet;

namespace Inclusion.Iot.EndToEnd.Tests;

/// <summary>
/// A specialist's and an administrator's view, in real headless Chromium: the session started by badge taps
/// shows on the wall panel, ends from the panel's button, and appears on the admin page, in Ukrainian.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class WallPanelAndAdminTests(MosquittoFixture broker, ChromiumFixture chromium)
{
    private const string Bee = "p-c81f05";
    private static readonly string ReaderTopic = TasmotaTopics.Sensor("sensory1-reader");

    [Fact]
    public async Task A_session_started_by_badges_is_ended_on_the_wall_panel_and_listed_on_the_admin_page()
    {
        await using var system = new RoomSystem(broker);
        await system.StartServerAsync();
        await system.StartEdgeAsync();
        await system.WaitForEdgeConfigurationAsync();

        var panel = await chromium.NewPageAsync("uk-UA");
        await panel.GotoAsync(system.PanelUrl.ToString());

        // The test plays the Tasmota badge reader itself: Olena (specialist), then Bee.
        using (var reader = new MqttClientFactory().CreateMqttClient())
        {
            await reader.ConnectAsync(new MqttClientOptionsBuilder()
                .WithTcpServer(broker.Host, broker.Port)
                .WithCredentials(broker.Username, broker.Password)
                .Build());
            await reader.PublishStringAsync(ReaderTopic, BadgeRead("04A1B2C3"));
            await Task.Delay(300);
            await reader.PublishStringAsync(ReaderTopic, BadgeRead("04110003"));
            await reader.DisconnectAsync();
        }

        await panel.Locator(PanelSelectors.Pupils).GetByText("Bee").WaitForAsync(new() { Timeout = 15_000 });
        Assert.Equal("uk", await panel.Locator("html").GetAttributeAsync("lang"));
        Assert.Equal("Sensory room", await panel.Locator("#room").InnerTextAsync());
        Assert.Contains("Olena P.", await panel.Locator("#escort").InnerTextAsync(), StringComparison.Ordinal);
        await panel.Locator(PanelSelectors.EndSession).ClickAsync();
        await panel.Locator($"{PanelSelectors.State}[data-state=idle]").WaitForAsync(new() { Timeout = 15_000 });
        Assert.Equal("Вільна", (await panel.Locator(PanelSelectors.State).InnerTextAsync()).Trim());

        var session = await system.WaitForSessionAsync(
            s => Sessions.HasPupil(s, Bee) && Sessions.IsEnded(s), TimeSpan.FromSeconds(60), "Bee's session ended on the panel");
        Assert.Contains("panel", session.GetProperty("endReason").GetString(), StringComparison.OrdinalIgnoreCase);

        var admin = await chromium.NewPageAsync("uk-UA");
        await admin.GotoAsync(system.AdminUrl.ToString());
        var pupilSection = admin.Locator(AdminSelectors.PupilSection(Bee));
        await pupilSection.WaitForAsync(new() { Timeout = 15_000 });
        Assert.Contains("Bee", await pupilSection.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("uk", await admin.Locator("html").GetAttributeAsync("lang"));
    }

    private static string BadgeRead(string uid) => JsonSerializer.Serialize(
        new Payloads.TasmotaSensor
        {
            Time = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture),
            RC522 = new Payloads.TasmotaCardRead { UID = uid, DATA = string.Empty },
        },
        Payloads.TasmotaJson);
}
