using System.Globalization;
using Inclusion.Iot.Edge.Devices.Conventions;
using Inclusion.Iot.Testing;

namespace Inclusion.Iot.FirmwareSim.Tests;

/// <summary>firmware-sim against a real, password-protected Mosquitto (as in production and the end-to-end test).</summary>
public sealed class MosquittoTests(MosquittoFixture mosquitto) : IClassFixture<MosquittoFixture>
{
    private string[] Args(string username, string password, params string[] mode) =>
    [
        "--mqtt-host", mosquitto.Host, "--mqtt-port", mosquitto.Port.ToString(CultureInfo.InvariantCulture),
        "--username", username, "--password", password,
        "--room-config", RepositoryLayout.DemoRoomFile, "--badges", Paths.Scenario("badges.json"), .. mode,
    ];

    [Fact]
    public async Task With_username_and_password_the_devices_work_through_Mosquitto()
    {
        await using var probe = await Probe.ConnectAsync(mosquitto.Host, mosquitto.Port, mosquitto.Username, mosquitto.Password);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var input = new StringReader("tap fox\nquit\n");

        var code = await SimApp.RunAsync(Args(mosquitto.Username, mosquitto.Password, "interactive"), input, stdout, stderr, CancellationToken.None);

        Assert.True(code == 0, $"{stdout}\n{stderr}\n{mosquitto.Log}");
        await probe.WaitForAsync(TasmotaTopics.Sensor("sensory1-reader"), p => p.Contains("04110001", StringComparison.Ordinal));
        await probe.WaitForAsync(TasmotaTopics.LastWill("sensory1-reader"), p => p == TasmotaTopics.Online);
    }

    [Fact]
    public async Task A_wrong_password_fails_at_once_with_the_brokers_reason()
    {
        var stderr = new StringWriter();
        var started = DateTime.UtcNow;
        var code = await SimApp.RunAsync(Args(mosquitto.Username, "wrong-password", "interactive"), new StringReader("quit\n"), TextWriter.Null, stderr,
            CancellationToken.None);
        Assert.Equal(SimApp.ExitFailed, code);
        Assert.Contains("Cannot connect", stderr.ToString(), StringComparison.Ordinal);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10), "a refused login is not retried until the start-up timeout: " + stderr);
    }
}
