using System.Text;

namespace Inclusion.Iot.Testing.Tests;

public sealed class VictoriaMetricsFixtureTests(VictoriaMetricsFixture tsdb) : IClassFixture<VictoriaMetricsFixture>
{
    [Fact]
    public async Task Stores_influx_line_protocol_and_returns_it()
    {
        using var http = new HttpClient { BaseAddress = tsdb.BaseUrl, Timeout = TimeSpan.FromSeconds(10) };
        var timestampNs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;
        using (var write = await http.PostAsync(
                   "/write",
                   new StringContent($"room_occupancy,room=room-test occupied=1i {timestampNs}\n", Encoding.UTF8, "text/plain")))
        {
            Assert.True(write.IsSuccessStatusCode, await write.Content.ReadAsStringAsync());
        }

        (await http.GetAsync("/internal/force_flush")).Dispose();
        var exported = string.Empty;
        for (var attempt = 0; attempt < 50 && !exported.Contains("room-test", StringComparison.Ordinal); attempt++)
        {
            exported = await http.GetStringAsync("/api/v1/export?match[]=room_occupancy_occupied");
            await Task.Delay(100);
        }

        Assert.Contains("\"room\":\"room-test\"", exported, StringComparison.Ordinal);
        Assert.Contains("\"values\":[1]", exported, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stops_and_starts_again_on_the_same_port_with_its_data()
    {
        var own = new VictoriaMetricsFixture();
        await own.InitializeAsync();
        try
        {
            await WriteStopStartAndReadAsync(own);
        }
        finally
        {
            await own.DisposeAsync();
        }
    }

    private static async Task WriteStopStartAndReadAsync(VictoriaMetricsFixture own)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var timestampNs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;
        using (var write = await http.PostAsync(
                   new Uri(own.BaseUrl, "/api/v2/write?org=o&bucket=b&precision=ns"),
                   new StringContent($"restart_probe,room=room-test kept=1i {timestampNs}\n", Encoding.UTF8, "text/plain")))
        {
            Assert.Equal(System.Net.HttpStatusCode.NoContent, write.StatusCode);
        }

        await own.StopAsync();
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri(own.BaseUrl, "/health")));
        await own.StartAsync();

        var exported = string.Empty;
        for (var attempt = 0; attempt < 50 && !exported.Contains("room-test", StringComparison.Ordinal); attempt++)
        {
            exported = await http.GetStringAsync(new Uri(own.BaseUrl, "/api/v1/export?match[]=restart_probe_kept"));
            await Task.Delay(100);
        }

        Assert.Contains("\"room\":\"room-test\"", exported, StringComparison.Ordinal);
    }
}
