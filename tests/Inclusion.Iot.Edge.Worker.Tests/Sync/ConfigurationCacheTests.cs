using Google.Protobuf.WellKnownTypes;
using Inclusion.Iot.Contracts.Edge.V1;
using Inclusion.Iot.Edge.Worker.Sync;
using Inclusion.Iot.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Inclusion.Iot.Edge.Worker.Tests;

/// <summary>The cache's answer state: counts and the confirmation time reach the room, survive a restart, spare the disk.</summary>
public sealed class ConfigurationCacheTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new("configuration-cache");
    private readonly FakeTimeProvider _time = new(EdgeHarness.SchoolMorning);

    private ConfigurationCache Open() => new(_scratch.Path, _time, NullLogger<ConfigurationCache>.Instance);

    private WeekCounts Counts(int fox) => new() { CountedAt = Timestamp.FromDateTimeOffset(_time.GetUtcNow()), SessionsElsewhere = { ["p-3f9a1c"] = fox } };

    private string SyncState => Path.Combine(_scratch.Path, ConfigurationCache.SyncStateFileName);

    [Fact]
    public void An_answers_counts_and_time_reach_the_room_and_survive_a_restart()
    {
        var cache = Open();
        cache.Store(FakeEdgeGateway.DemoSnapshot());
        _time.Advance(TimeSpan.FromMinutes(3));
        cache.Confirm(Counts(fox: 2));

        Assert.Equal(_time.GetUtcNow(), cache.Room!.ConfirmedAt);
        Assert.Equal([2, 0], cache.Room.Pupils.Select(p => p.SessionsThisWeekElsewhere));

        var reopened = Open();
        Assert.Equal(_time.GetUtcNow(), reopened.Room!.ConfirmedAt);
        Assert.Equal([2, 0], reopened.Room.Pupils.Select(p => p.SessionsThisWeekElsewhere));
    }

    [Fact]
    public void An_answer_without_counts_keeps_the_last_counts_and_still_confirms()
    {
        var cache = Open();
        cache.Store(FakeEdgeGateway.DemoSnapshot());
        cache.Confirm(Counts(fox: 1));
        _time.Advance(TimeSpan.FromMinutes(1));

        cache.Confirm(null);

        Assert.Equal(_time.GetUtcNow(), cache.Room!.ConfirmedAt);
        Assert.Equal(1, cache.Room.Pupils[0].SessionsThisWeekElsewhere);
    }

    [Fact]
    public void The_same_counts_are_written_again_only_after_the_write_interval_and_new_counts_at_once()
    {
        var cache = Open();
        cache.Store(FakeEdgeGateway.DemoSnapshot());
        cache.Confirm(Counts(fox: 1));
        var first = File.ReadAllBytes(SyncState);

        _time.Advance(ConfigurationCache.ConfirmationWriteInterval - TimeSpan.FromSeconds(1));
        // A later answer with the same numbers (counted again, later): memory takes it, the disk is spared.
        cache.Confirm(Counts(fox: 1));
        Assert.Equal(_time.GetUtcNow(), cache.Room!.CountedAt);
        Assert.Equal(first, File.ReadAllBytes(SyncState));

        _time.Advance(TimeSpan.FromSeconds(1));
        cache.Confirm(Counts(fox: 1));
        Assert.NotEqual(first, File.ReadAllBytes(SyncState));
        var second = File.ReadAllBytes(SyncState);

        _time.Advance(TimeSpan.FromSeconds(1));
        cache.Confirm(Counts(fox: 2));
        Assert.NotEqual(second, File.ReadAllBytes(SyncState));
    }

    [Fact]
    public void An_unreadable_answer_state_is_set_aside_and_the_room_runs_on_the_snapshot()
    {
        Open().Store(FakeEdgeGateway.DemoSnapshot());
        File.WriteAllBytes(SyncState, [0xFF, 0xFF, 0xFF, 0x01]);

        var cache = Open();

        Assert.NotNull(cache.Room);
        Assert.Null(cache.Room.ConfirmedAt);
        cache.Confirm(Counts(fox: 1));
        Assert.Equal(1, Open().Room!.Pupils[0].SessionsThisWeekElsewhere);
    }

    [Fact]
    public void Counts_older_than_a_newer_snapshot_are_not_used()
    {
        var cache = Open();
        cache.Confirm(Counts(fox: 3));
        _time.Advance(TimeSpan.FromMinutes(5));
        var snapshot = FakeEdgeGateway.DemoSnapshot();
        snapshot.IssuedAt = Timestamp.FromDateTimeOffset(_time.GetUtcNow());
        snapshot.Pupils[0].SessionsThisWeekElsewhere = 1;

        cache.Store(snapshot);

        Assert.Equal(1, cache.Room!.Pupils[0].SessionsThisWeekElsewhere);
    }

    public void Dispose() => _scratch.Dispose();
}
