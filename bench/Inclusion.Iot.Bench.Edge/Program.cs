// Driver of bench/edge.sh: badge → decision latency through a real MQTT broker, for the edge or for the Node-RED peer.
//   Each round publishes a Tasmota RC522 read on tele/<reader>/SENSOR (Olena taps in, Moth comes in for open use, Olena
//   taps out: three decisions) and waits for the decision's event (<prefix>/event/badge_accepted or badge_refused, whose
//   JSON names the holder); between badges it publishes an occupancy report (zigbee2mqtt/<sensor>), as a room's sensor
//   would, which the edge fuses but which needs no answer. One message at a time: the figure is the decision's own time,
//   not a queue's.
// Prints "figure: <target>_p50_ms=…", "_p99_ms", "_max_ms", "_decisions" on stdout. With --rss-pid P, it also reads that
//   process's VmRSS 2 s after the --rss-after'th badge (default 1,000; the pause is outside every timed read) and prints
//   "figure: <target>_rss_after_<N>_mib=…": the memory once the first thousand decisions have warmed everything up, so
//   bench/edge.sh's figure after the whole run shows what the rest of the load added.
using System.Diagnostics;
using System.Globalization;
using System.Text;
using MQTTnet;

var invariant = CultureInfo.InvariantCulture;
string Arg(string name, string fallback)
{
    // The last occurrence: bench/edge.sh appends to its common arguments what a pass changes (--messages, --warmup).
    var i = Array.LastIndexOf(args, "--" + name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

var port = int.Parse(Arg("mqtt-port", "1883"), invariant);
var target = Arg("target", "edge");
var prefix = Arg("event-prefix", "inclusion/room-sensory-1");
var messages = int.Parse(Arg("messages", "10000"), invariant);
var warmup = int.Parse(Arg("warmup", "150"), invariant);
var reader = Arg("reader", "sensory1-reader");
var sensor = Arg("sensor", "sensory1-presence");
var withOccupancy = Arg("occupancy", "true") == "true";
var rssPid = int.Parse(Arg("rss-pid", "0"), invariant);
var rssAfter = int.Parse(Arg("rss-after", "1000"), invariant);
string? rssFigure = null;

// (uid, holder id in the event)
(string Uid, string Holder)[] round = [("04A1B2C3", "staff-olena"), ("0411000C", "p-d3e9f7"), ("04A1B2C3", "staff-olena")];

using var client = new MqttClientFactory().CreateMqttClient();
TaskCompletionSource<long>? waiting = null;
string? awaitedHolder = null;
client.ApplicationMessageReceivedAsync += e =>
{
    var stamp = Stopwatch.GetTimestamp();
    if (awaitedHolder is { } holder && waiting is { } w && e.ApplicationMessage.ConvertPayloadToString().Contains(holder, StringComparison.Ordinal))
    {
        w.TrySetResult(stamp);
    }

    return Task.CompletedTask;
};
await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId($"bench-{target}-{Guid.NewGuid():N}").Build());
await client.SubscribeAsync($"{prefix}/event/badge_accepted");
await client.SubscribeAsync($"{prefix}/event/badge_refused");

var latencies = new List<double>(messages);
var occupied = false;
var badges = 0;
var sent = 0;
while (latencies.Count < messages)
{
    foreach (var (uid, holder) in round)
    {
        var payload = $$$"""{"Time":"{{{DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss", invariant)}}}","RC522":{"UID":"{{{uid}}}","DATA":"","Sak":"08","Type":"MIFARE 1K"}}""";
        waiting = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        awaitedHolder = $"\"{holder}\"";
        var start = Stopwatch.GetTimestamp();
        await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"tele/{reader}/SENSOR").WithPayload(Encoding.UTF8.GetBytes(payload)).Build());
        var done = await Task.WhenAny(waiting.Task, Task.Delay(TimeSpan.FromSeconds(10)));
        if (done != waiting.Task)
        {
            Console.Error.WriteLine($"bench: no decision for {holder} within 10 s after {badges} badges");
            return 1;
        }

        badges++;
        if (rssPid > 0 && badges == rssAfter)
        {
            await Task.Delay(TimeSpan.FromSeconds(2));
            var line = File.ReadLines($"/proc/{rssPid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            var kib = long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], invariant);
            rssFigure = string.Create(invariant, $"figure: {target}_rss_after_{rssAfter}_mib={kib / 1024.0:F1}");
        }

        if (badges > warmup) latencies.Add(Stopwatch.GetElapsedTime(start, waiting.Task.Result).TotalMilliseconds);
        occupied = !occupied;
        if (withOccupancy) await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"zigbee2mqtt/{sensor}")
            .WithPayload(Encoding.UTF8.GetBytes($$"""{"presence":{{(occupied ? "true" : "false")}},"battery":97,"linkquality":120}""")).Build());
        sent += 2;
        if (latencies.Count >= messages) break;
    }
}

latencies.Sort();
double Percentile(double p) => latencies[Math.Clamp((int)Math.Ceiling(p * latencies.Count) - 1, 0, latencies.Count - 1)];
Console.WriteLine(string.Create(invariant, $"figure: {target}_p50_ms={Percentile(0.50):F2}"));
Console.WriteLine(string.Create(invariant, $"figure: {target}_p99_ms={Percentile(0.99):F2}"));
Console.WriteLine(string.Create(invariant, $"figure: {target}_max_ms={latencies[^1]:F2}"));
Console.WriteLine(string.Create(invariant, $"figure: {target}_decisions={latencies.Count}"));
Console.WriteLine(string.Create(invariant, $"figure: {target}_messages_published={sent}"));
if (rssFigure is not null) Console.WriteLine(rssFigure);
await client.DisconnectAsync();
return 0;
