using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Inclusion.Iot.Edge.Worker.Storage;

/// <summary>
/// Checkpoints the store's WAL once a second on the wall clock, beside the decisions rather than inside the commit
/// that crosses SQLite's automatic threshold (see <see cref="EdgeStore.CheckpointWal"/>). Under load the room's own
/// checkpoint after every 200th decision (<see cref="EdgeStore.CheckpointIfDue"/>) is the one that keeps the WAL small;
/// this one covers a quiet room and the uploader's acknowledgements.
/// </summary>
public sealed partial class WalCheckpointer(EdgeStore store, TimeProvider wallClock, ILogger<WalCheckpointer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), wallClock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    store.CheckpointWal();
                }
                catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or InvalidOperationException or ObjectDisposedException)
                {
                    // SQLite's own automatic checkpoint is the backstop; the next second tries again.
                    LogCheckpointFailed(e);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "WAL checkpoint failed; retrying in a second")]
    private partial void LogCheckpointFailed(Exception exception);
}
