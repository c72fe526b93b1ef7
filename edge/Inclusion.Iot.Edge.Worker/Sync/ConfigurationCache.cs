using Google.Protobuf;
using Inclusion.Iot.Contracts.Edge.V1;
using Inclusion.Iot.Edge.Domain.Configuration;
using Microsoft.Extensions.Logging;

namespace Inclusion.Iot.Edge.Worker.Sync;

/// <summary>
/// The last configuration snapshot from the server, kept in memory and in the data directory
/// (<c>configuration.pb</c>) so the room runs with the server unreachable, including after a restart. Beside it
/// (<c>sync-state.pb</c>), when the server last answered and the weekly counts of that answer: every answer, changed or
/// not, refreshes them (the offline policy and R-WEEK read them).
/// </summary>
public sealed partial class ConfigurationCache
{
    public const string FileName = "configuration.pb";
    public const string SyncStateFileName = "sync-state.pb";

    /// <summary>An answer with the same counts is written to disk at most this often (the SD card is spared; memory is always current).</summary>
    public static readonly TimeSpan ConfirmationWriteInterval = TimeSpan.FromMinutes(10);

    private readonly string _path;
    private readonly string _syncPath;
    private EdgeSyncState _sync = new();
    private DateTimeOffset? _syncWritten;
    private readonly ILogger<ConfigurationCache> _logger;
    private volatile Holder? _current;

    private readonly TimeProvider _roomClock;

    /// <param name="roomClock">The room's clock (the offline policy compares the last answer with the room's now).</param>
    public ConfigurationCache(string dataDirectory, TimeProvider roomClock, ILogger<ConfigurationCache> logger)
    {
        ArgumentNullException.ThrowIfNull(dataDirectory);
        _roomClock = roomClock ?? throw new ArgumentNullException(nameof(roomClock));
        _logger = logger;
        Directory.CreateDirectory(dataDirectory);
        _path = Path.Combine(dataDirectory, FileName);
        _syncPath = Path.Combine(dataDirectory, SyncStateFileName);
        if (File.Exists(_syncPath))
        {
            try
            {
                _sync = EdgeSyncState.Parser.ParseFrom(File.ReadAllBytes(_syncPath));
                _syncWritten = _sync.ConfirmedAt?.ToDateTimeOffset();
            }
            catch (Exception e) when (e is InvalidProtocolBufferException or IOException)
            {
                // Without it the room runs on the snapshot's own counts and issue time; the next answer rewrites it.
                LogUnreadable(e, _syncPath);
            }
        }

        if (File.Exists(_path))
        {
            try
            {
                var snapshot = ConfigurationSnapshot.Parser.ParseFrom(File.ReadAllBytes(_path));
                _current = Holder.Of(snapshot, _sync);
                LogLoaded(snapshot.Version);
            }
            catch (Exception e) when (e is InvalidProtocolBufferException or IOException)
            {
                LogUnreadable(e, _path);
            }
        }
    }

    public RoomSnapshot? Room => _current?.Room;

    public long Version => _current?.Snapshot.Version ?? 0;

    /// <summary>The room's name as the server knows it (for the panel), or null before the first snapshot.</summary>
    public string? RoomName => _current?.Snapshot.Room?.Name;

    public void Store(ConfigurationSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var temporary = _path + ".tmp";
        File.WriteAllBytes(temporary, snapshot.ToByteArray());
        File.Move(temporary, _path, overwrite: true);
        _current = Holder.Of(snapshot, _sync);
    }

    /// <summary>
    /// The server answered just now (changed or not), with the weekly counts of the organisation's other rooms: the room's
    /// snapshot takes them at once; the disk copy when the counts changed or the last write is old.
    /// </summary>
    public void Confirm(WeekCounts? counts)
    {
        var at = _roomClock.GetUtcNow();
        var next = new EdgeSyncState { ConfirmedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(at), WeekCounts = counts ?? _sync.WeekCounts };
        // Every answer has a new counting time; only different numbers make a write before the interval.
        var countsChanged = !Equals(next.WeekCounts?.SessionsElsewhere, _sync.WeekCounts?.SessionsElsewhere);
        _sync = next;
        if (_current is { } current) _current = current with { Room = current.WithAnswer(_sync) };
        if (countsChanged || _syncWritten is not { } written || at - written >= ConfirmationWriteInterval || at < written)
        {
            var temporary = _syncPath + ".tmp";
            File.WriteAllBytes(temporary, next.ToByteArray());
            File.Move(temporary, _syncPath, overwrite: true);
            _syncWritten = at;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Configuration snapshot version {Version} loaded from the cache")]
    private partial void LogLoaded(long version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cached configuration {Path} is unreadable; waiting for the server")]
    private partial void LogUnreadable(Exception exception, string path);

    /// <summary>The contract's snapshot, mapped once; the room decides on it with the latest answer's counts and time.</summary>
    private sealed record Holder(ConfigurationSnapshot Snapshot, RoomSnapshot Mapped, RoomSnapshot Room)
    {
        public static Holder Of(ConfigurationSnapshot snapshot, EdgeSyncState sync)
        {
            var mapped = SnapshotMapper.ToDomain(snapshot);
            return new Holder(snapshot, mapped, WithAnswer(mapped, sync));
        }

        public RoomSnapshot WithAnswer(EdgeSyncState sync) => WithAnswer(Mapped, sync);

        /// <summary>
        /// The answer's confirmation time, and its counts unless the snapshot was issued after them (a snapshot issued
        /// after the last answer carries fresher counts of its own).
        /// </summary>
        private static RoomSnapshot WithAnswer(RoomSnapshot mapped, EdgeSyncState sync)
        {
            var room = mapped with { ConfirmedAt = sync.ConfirmedAt?.ToDateTimeOffset() };
            return sync.WeekCounts is { CountedAt: { } counted } counts && (room.IssuedAt is not { } issued || counted.ToDateTimeOffset() >= issued)
                ? room.WithWeekCounts(counts.SessionsElsewhere, counted.ToDateTimeOffset())
                : room;
        }
    }
}
