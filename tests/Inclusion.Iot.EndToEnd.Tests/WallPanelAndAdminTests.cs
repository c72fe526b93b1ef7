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
        await system.SignInAsync(admin);
        await admin.GotoAsync(system.AdminUrl.ToString());
        var pupilSection = admin.Locator(AdminSelectors.PupilSection(Bee));
        await pupilSection.WaitForAsync(new() { Timeout = 15_000 });
        Assert.Contains("Bee", await pupilSection.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("uk", await admin.Locator("html").GetAttributeAsync("lang"));
    }

    [Fact]
    public async Task A_wrong_password_shows_the_localised_error_and_sign_out_returns_to_the_sign_in_form()
    {
        await using var system = new RoomSystem(broker);
        await system.StartServerAsync();
        var page = await chromium.NewPageAsync("uk-UA");
        await page.GotoAsync(system.AdminUrl.ToString());
        // Anonymous: the admin page sends the browser to the sign-in form, in the browser's language.
        await page.WaitForURLAsync("**/account/sign-in**");
        Assert.Equal("uk", await page.Locator("html").GetAttributeAsync("lang"));

        var (userName, password) = system.DemoAccount("Specialist");
        await page.Locator("#user-name").FillAsync(userName);
        await page.Locator("#password").FillAsync(password + "-wrong");
        await page.Locator("#sign-in-submit").ClickAsync();
        var error = page.Locator("#sign-in-error");
        await error.WaitForAsync(new() { Timeout = 15_000 });
        Assert.Equal("Неправильне ім'я користувача або пароль.", (await error.InnerTextAsync()).Trim());

        await page.Locator("#user-name").FillAsync(userName);
        await page.Locator("#password").FillAsync(password);
        await page.Locator("#sign-in-submit").ClickAsync();
        await page.Locator(AdminSelectors.PupilSection(Bee)).WaitForAsync(new() { Timeout = 15_000 });

        await page.Locator("#sign-out-submit").ClickAsync();
        await page.WaitForURLAsync("**/account/sign-in**");
        await page.GotoAsync(system.AdminUrl.ToString());
        await page.WaitForURLAsync("**/account/sign-in**");
        Assert.Equal(0, await page.Locator(AdminSelectors.PupilSection(Bee)).CountAsync());
    }

    [Fact]
    public async Task On_the_wall_panel_a_specialist_starts_a_session_adds_a_pupil_without_a_badge_and_overrides_the_schedule_with_a_reason()
    {
        await using var system = new RoomSystem(broker);
        await system.StartServerAsync();
        // A slower hand at the panel than at the reader: the school gives escorts 30 s at the door.
        await SetEscortWindowAsync(system.ServerDatabase, seconds: 30);
        await system.StartEdgeAsync();
        await system.WaitForEdgeConfigurationAsync();
        var panel = await chromium.NewPageAsync("ru-RU");
        await panel.GotoAsync(system.PanelUrl.ToString());

        using (var reader = new MqttClientFactory().CreateMqttClient())
        {
            await reader.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer(broker.Host, broker.Port).WithCredentials(broker.Username, broker.Password).Build());
            await reader.PublishStringAsync(ReaderTopic, BadgeRead("04A1B2C3"));
            await reader.DisconnectAsync();
        }

        // Olena at the door: an individual session, then Hare, who came without a badge and has no slot today.
        await panel.Locator("#start-individual").ClickAsync(new() { Timeout = 15_000 });
        await panel.Locator("#add-pupil-line").WaitForAsync(new() { Timeout = 15_000 });
        await panel.Locator("#add-pupil-select option", new() { HasText = "Hare" }).WaitForAsync(new() { State = Microsoft.Playwright.WaitForSelectorState.Attached, Timeout = 15_000 });
        await panel.Locator("#add-pupil-select").SelectOptionAsync(new Microsoft.Playwright.SelectOptionValue { Label = "Hare" });
        await panel.Locator("#add-pupil").ClickAsync();

        // R-SCHED refuses; the panel offers the override, in Russian; Olena types the reason.
        await panel.Locator("#override-line").WaitForAsync(new() { Timeout = 15_000 });
        var offer = await panel.Locator("#override-offer").InnerTextAsync();
        Assert.Contains("Hare", offer, StringComparison.Ordinal);
        Assert.Contains("R-SCHED", offer, StringComparison.Ordinal);
        const string reason = "Перенесено: у класса была экскурсия";
        await panel.Locator("#override-reason").FillAsync(reason);
        await panel.Locator("#override").ClickAsync();

        await panel.Locator(PanelSelectors.Pupils).GetByText("Hare").WaitForAsync(new() { Timeout = 15_000 });
        await panel.Locator(PanelSelectors.EndSession).ClickAsync();
        await panel.Locator($"{PanelSelectors.State}[data-state=idle]").WaitForAsync(new() { Timeout = 15_000 });

        await system.WaitForSessionAsync(s => Sessions.HasPupil(s, "p-5a1d3e") && Sessions.IsEnded(s), TimeSpan.FromSeconds(60), "Hare's session on the server");
        var events = await new EdgeOutbox(system.EdgeDataDirectory).EventsAsync();
        var overridden = Assert.Single(events, e => e.RuleOverridden is not null).RuleOverridden;
        Assert.Equal(("R-SCHED", "p-5a1d3e", "staff-olena", reason), (overridden.RuleId, overridden.PupilId, overridden.StaffId, overridden.Reason));
        Assert.True(Assert.Single(events, e => e.PupilJoined is not null).PupilJoined.AddedOnPanel);
    }

    /// <summary>The organisation's escort window in the server's database, before the edge pulls its configuration.</summary>
    private static async Task SetEscortWindowAsync(string databasePath, int seconds)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={databasePath};Pooling=False;Default Timeout=30");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE organisations SET policy_escort_window_seconds = $seconds, configuration_version = configuration_version + 1";
        command.Parameters.AddWithValue("$seconds", seconds);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    private static string BadgeRead(string uid) => JsonSerializer.Serialize(
        new Payloads.TasmotaSensor
        {
            Time = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture),
            RC522 = new Payloads.TasmotaCardRead { UID = uid, DATA = string.Empty },
        },
        Payloads.TasmotaJson);
}
