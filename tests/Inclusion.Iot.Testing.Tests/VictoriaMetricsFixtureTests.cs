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
}
