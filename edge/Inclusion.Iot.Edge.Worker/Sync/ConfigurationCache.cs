using Google.Protobuf;
using Inclusion.Iot.Contracts.Edge.V1;
using Inclusion.Iot.Edge.Domain.Configuration;
using Microsoft.Extensions.Logging;

namespace Inclusion.Iot.Edge.Worker.Sync;

/// <summary>
/// The last configuration snapshot from the server, kept in memory and in the data directory
/// (<c>configuration.pb</c>) so the room runs with the server unreachable, including after a restart.
/// </summary>
public sealed partial class ConfigurationCache
{
    public const string FileName = "configuration.pb";
    private readonly string _path;
    private readonly ILogger<ConfigurationCache> _logger;
    private volatile Holder? _current;

    public ConfigurationCache(string dataDirectory, ILogger<ConfigurationCache> logger)
    {
        ArgumentNullException.ThrowIfNull(dataDirectory);
        _logger = logger;
        Directory.CreateDirectory(dataDirectory);
        _path = Path.Combine(dataDirectory, FileName);
        if (File.Exists(_path))
        {
            try
            {
                var snapshot = ConfigurationSnapshot.Parser.ParseFrom(File.ReadAllBytes(_path));
                _current = new Holder(snapshot, SnapshotMapper.ToDomain(snapshot));
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
        _current = new Holder(snapshot, SnapshotMapper.ToDomain(snapshot));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Configuration snapshot version {Version} loaded from the cache")]
    private partial void LogLoaded(long version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cached configuration {Path} is unreadable; waiting for the server")]
    private partial void LogUnreadable(Exception exception, string path);

    private sealed record Holder(ConfigurationSnapshot Snapshot, RoomSnapshot Room);
}
