using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Inclusion.Iot.Edge.Domain.Room;
using Inclusion.Iot.Edge.Worker.Room;
using Inclusion.Iot.Edge.Worker.Storage;

namespace Inclusion.Iot.Edge.PowerCut;

/// <summary>
/// A burst of room decisions as RoomService records them: each commit holds one to three events and the room
/// state, in one EdgeStore transaction. After each Commit returns, one line goes to stdout, flushed:
/// <c>committed &lt;commit&gt; &lt;sequence&gt; [&lt;sequence&gt; …]</c>. The killer knows exactly which commits returned.
/// </summary>
/// <remarks>
/// The state is the real <see cref="RoomStateJson"/> with one extra property, <see cref="CommitProperty"/>, so a
/// reader can tell which commit wrote the state row; each event's payload names its commit and index.
/// </remarks>
public sealed class OutboxBurst(EdgeStore store, TextWriter output)
{
    public const string OpenedLine = "opened";
    public const string CommittedPrefix = "committed ";
    public const string CommitProperty = "powerCutCommit";

    /// <summary>Far more than the rig waits for: a writer whose killer died still ends by itself.</summary>
    public const int DefaultMaxEvents = 200_000;

    public static int EventsInCommit(long commit) => (int)(commit % 3) + 1;

    public static string Payload(long commit, int index) => string.Create(CultureInfo.InvariantCulture, $"{commit}/{index}");

    public void Run(int maxEvents)
    {
        var written = 0;
        for (long commit = 1; written < maxEvents; commit++)
        {
            var now = DateTimeOffset.UtcNow;
            var events = Enumerable.Range(0, EventsInCommit(commit))
                .Select(index => (Kind(commit, index), now, Encoding.UTF8.GetBytes(Payload(commit, index))))
                .ToList();
            var sequences = store.Commit(events, StateJson(commit));
            written += sequences.Count;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{CommittedPrefix}{commit} {string.Join(' ', sequences)}"));
            output.Flush();
        }
    }

    private static string Kind(long commit, int index) => ((commit + index) % 3) switch
    {
        0 => "occupancy_changed",
        1 => "door_changed",
        _ => "device_availability_changed",
    };

    private static string StateJson(long commit)
    {
        // Something like a real room: the door and occupancy flip, devices come and go.
        var state = RoomState.Initial with
        {
            Occupied = commit % 2 == 0,
            DoorOpen = commit % 5 == 0,
            DeviceOnline = new Dictionary<string, bool>
            {
                ["door-sensor"] = commit % 7 != 0,
                ["presence-sensor"] = commit % 11 != 0,
            },
        };
        var json = JsonNode.Parse(RoomStateJson.Serialize(state))!.AsObject();
        json[CommitProperty] = commit;
        return json.ToJsonString();
    }
}
