using System.Text.Json;
using Inclusion.Iot.Edge.Devices.Conventions;
using Inclusion.Iot.FirmwareSim.Devices;

namespace Inclusion.Iot.FirmwareSim.Tests;

public sealed class PayloadTests
{
    private static readonly ZigbeeLight.LightModel Off = new("OFF", 254, 370, null);

    [Fact]
    public void A_set_with_state_brightness_color_temp_and_transition_applies_the_target()
    {
        Assert.True(ZigbeeLight.TryApply(Off, """{"state":"ON","brightness":180,"color_temp":300,"transition":3}""", out var next, out var transition, out _));
        Assert.Equal(new ZigbeeLight.LightModel("ON", 180, 300, null), next);
        Assert.Equal(3, transition);
    }

    [Theory]
    [InlineData("""{"brightness":400}""", "ON", 254, 370)]
    [InlineData("""{"brightness":0}""", "OFF", 0, 370)]
    [InlineData("""{"color_temp":50}""", "OFF", 254, 153)]
    [InlineData("""{"color_temp":"600"}""", "OFF", 254, 500)]
    [InlineData("""{"state":"toggle"}""", "ON", 254, 370)]
    [InlineData("""{"state":"OFF","transition":3,"linkquality":5,"effect":"blink"}""", "OFF", 254, 370)]
    public void Values_are_clamped_and_defaults_follow_Zigbee2MQTT(string payload, string state, int brightness, int colorTemp)
    {
        Assert.True(ZigbeeLight.TryApply(Off, payload, out var next, out _, out _));
        Assert.Equal(new ZigbeeLight.LightModel(state, brightness, colorTemp, null), next);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("""{"state":1}""")]
    [InlineData("""{"state":"DIM"}""")]
    [InlineData("""{"brightness":"bright"}""")]
    [InlineData("""{"brightness":true}""")]
    [InlineData("""{"color":"red"}""")]
    [InlineData("""{"transition":-1,"state":"ON"}""")]
    [InlineData("""{"hello":"world"}""")]
    public void Malformed_light_commands_are_refused_with_a_reason(string payload)
    {
        Assert.False(ZigbeeLight.TryApply(Off, payload, out var next, out _, out var problem));
        Assert.Equal(Off, next);
        Assert.NotEmpty(problem);
    }

    [Fact]
    public void The_reader_payload_is_exactly_what_Tasmota_sends()
    {
        var local = new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.FromHours(2));
        Assert.Equal(
            """{"Time":"2026-11-24T10:00:00","RC522":{"UID":"04A1B2C3","DATA":"","Sak":"08","Type":"MIFARE 1K"}}""",
            TasmotaReader.SensorPayload("04A1B2C3", local));
        var parsed = JsonSerializer.Deserialize<Payloads.TasmotaSensor>(TasmotaReader.SensorPayload("04110001", local), Payloads.TasmotaJson);
        Assert.Equal("04110001", parsed!.Card!.UID);
    }

    [Theory]
    [InlineData("""{"schema_version":1,"mode":"countdown","remaining_seconds":1198,"total_seconds":1200,"phase":"running","style":"ring"}""", "19:58 running ring")]
    [InlineData("""{"mode":"countdown","remaining_seconds":240,"phase":"five_minute_warning","style":"digits","chime":true}""", "04:00 five_minute_warning digits chime")]
    [InlineData("""{"mode":"countdown","remaining_seconds":-90,"phase":"overrun","style":"colours"}""", "+01:30 overrun colours")]
    [InlineData("""{"mode":"off"}""", "off (blank)")]
    public void Timer_commands_become_what_the_display_shows(string payload, string shows)
    {
        Assert.True(TimerDisplay.TryParse(payload, out var report, out _));
        Assert.Equal(shows, report.Text);
    }

    [Theory]
    [InlineData("{")]
    [InlineData("""{"remaining_seconds":10}""")]
    [InlineData("""{"mode":"blink"}""")]
    [InlineData("""{"mode":"countdown"}""")]
    [InlineData("""{"mode":"countdown","remaining_seconds":"ten"}""")]
    [InlineData("""{"mode":"countdown","remaining_seconds":10,"phase":"party"}""")]
    [InlineData("""{"mode":"countdown","remaining_seconds":10,"style":"hologram"}""")]
    [InlineData("""{"schema_version":2,"mode":"off"}""")]
    [InlineData("null")]
    public void Malformed_timer_commands_are_refused(string payload)
    {
        Assert.False(TimerDisplay.TryParse(payload, out _, out var problem));
        Assert.NotEmpty(problem);
    }
}
