using Inclusion.Iot.Edge.Domain.Configuration;
using Inclusion.Iot.Edge.Domain.Events;
using Inclusion.Iot.Edge.Domain.Room;
using Inclusion.Iot.Edge.Domain.Rules;

namespace Inclusion.Iot.Edge.Domain.Tests.Rules;

/// <summary>
/// The offline policy: escort permissions from the cached configuration are honoured for the policy's days after the
/// server last answered; a revocation takes effect at the next sync; weekly counts reconcile on every answer.
/// </summary>
public sealed class OfflineTests
{
    private readonly RoomFixture _room = new();

    /// <summary>Not the preset (14 days), so the test tells the policy's number from a constant.</summary>
    private RoomSnapshot Snapshot(TimeSpan sinceConfirmed) => _room.Snapshot with
    {
        ConfirmedAt = _room.Time.GetUtcNow() - sinceConfirmed,
        Rules = _room.Snapshot.Rules with { Offline = new OfflinePolicy { EscortPermissionDays = 3 } },
    };

    [Fact]
    public void Escort_permissions_are_honoured_up_to_the_policys_days_since_the_server_last_answered()
    {
        _room.Room.BadgeRead(RoomFixture.Reader, RoomFixture.Olena, Snapshot(TimeSpan.FromDays(3)));
        Assert.Single(_room.Room.BadgeRead(RoomFixture.Reader, RoomFixture.Fox, Snapshot(TimeSpan.FromDays(3))).Events.OfType<SessionStarted>());
    }

    [Fact]
    public void Past_the_policys_days_nobody_is_admitted_and_the_reason_says_why()
    {
        var stale = Snapshot(TimeSpan.FromDays(3) + TimeSpan.FromSeconds(1));

        var olena = _room.Room.BadgeRead(RoomFixture.Reader, RoomFixture.Olena, stale);

        var refused = Assert.Single(olena.Events.OfType<BadgeRefused>());
        Assert.Equal((RefusalReason.ConfigurationStale, RuleIds.Escort, "staff-olena"), (refused.Reason, refused.RuleId, refused.HolderId));
        Assert.Equal(RoomMode.Idle, olena.State.Mode);
        Assert.DoesNotContain(_room.Room.BadgeRead(RoomFixture.Reader, RoomFixture.Fox, stale).Events, e => e is SessionStarted);
        Assert.False(EscortAdmissionRule.ConfigurationStale(stale with { ConfirmedAt = null, IssuedAt = null }, _room.Time.GetUtcNow()));
    }

    [Fact]
    public void An_escort_in_a_session_when_the_cache_turns_stale_still_taps_out_and_ends_it()
    {
        var snapshot = Snapshot(TimeSpan.FromDays(3) - TimeSpan.FromMinutes(1));
        _room.Room.BadgeRead(RoomFixture.Reader, RoomFixture.Olena, snapshot);
        _room.Room.BadgeRead(RoomFixture.Reader, RoomFixture.Fox, snapshot);
        _room.Advance(TimeSpan.FromMinutes(5));

        var tapOut = _room.Room.BadgeRead(RoomFixture.Reader, RoomFixture.Olena, snapshot);

        Assert.Equal(SessionEndReason.EscortBadgedOut, Assert.Single(tapOut.Events.OfType<SessionEnded>()).Reason);
    }

    [Fact]
    public void A_revocation_takes_effect_with_the_next_configuration()
    {
        var synced = _room.Snapshot with { Version = 2, Staff = [.. _room.Snapshot.Staff.Select(s => s.StaffId == "staff-olena" ? s with { CanEscort = false } : s)] };
        var refused = Assert.Single(_room.Room.BadgeRead(RoomFixture.Reader, RoomFixture.Olena, synced).Events.OfType<BadgeRefused>());
        Assert.Equal(RefusalReason.NotPermitted, refused.Reason);
    }

    [Fact]
    public void Weekly_counts_from_an_answer_replace_the_snapshots_and_count_from_then()
    {
        var snapshot = _room.Snapshot with
        {
            TimeZone = "Europe/Kyiv",
            IssuedAt = _room.Time.GetUtcNow().AddDays(-8),
            Pupils = [.. _room.Snapshot.Pupils.Select(p => p.PupilId == "p-3f9a1c" ? p with { SupportLevel = 2, SessionsThisWeekElsewhere = 0 } : p)],
        };
        // A fresh answer: Fox had two sessions elsewhere this week; Owl, not listed, none.
        var counted = snapshot.WithWeekCounts(new Dictionary<string, int> { ["p-3f9a1c"] = 2 }, _room.Time.GetUtcNow());

        Assert.Equal([2, 0, 0, 0], counted.Pupils.Select(p => p.SessionsThisWeekElsewhere));
        _room.Room.BadgeRead(RoomFixture.Reader, RoomFixture.Olena, counted);
        var refused = Assert.Single(_room.Room.BadgeRead(RoomFixture.Reader, RoomFixture.Fox, counted).Events.OfType<BadgeRefused>());
        Assert.Equal(RefusalReason.WeeklyLimit, refused.Reason);
    }
}
