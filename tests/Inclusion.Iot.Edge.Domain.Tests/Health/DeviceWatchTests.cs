using Inclusion.Iot.Edge.Domain.Events;
using Inclusion.Iot.Edge.Domain.Health;

using Inclusion.Iot.Edge.Domain.Configuration;

namespace Inclusion.Iot.Edge.Domain.Tests.Health;

public sealed class DeviceWatchTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);

    /// <summary>Values other than the defaults, so a test can tell which one applied.</summary>
    private static readonly DeviceHealthPolicy Policy = new()
    {
        OccupancyStaleMinutes = 50,
        DoorContactStaleMinutes = 170,
        LowBatteryPercent = 12,
        BatteryRecoveredPercent = 30,
    };

    private DeviceHealthBook _book = DeviceHealthBook.Empty;
    private readonly List<DeviceHealthChanged> _events = [];

    private static DateTimeOffset Minutes(double minutes) => T0 + TimeSpan.FromMinutes(minutes);

    private IReadOnlyList<DeviceHealthChanged> Seen(double minutes, string device, DeviceRole role, int? battery = 90, int? link = 120) =>
        Record(DeviceWatch.Seen(_book, device, role, new ReportedVitals(battery, link), Policy, Minutes(minutes)));

    private IReadOnlyList<DeviceHealthChanged> Availability(double minutes, string device, bool online, string? reason = null) =>
        Record(DeviceWatch.Availability(_book, device, online, reason, Policy, Minutes(minutes)));

    private IReadOnlyList<DeviceHealthChanged> Tick(double minutes) => Record(DeviceWatch.Tick(_book, Policy, Minutes(minutes)));

    private IReadOnlyList<DeviceHealthChanged> Record(DeviceHealthDecision decision)
    {
        _book = decision.Book;
        _events.AddRange(decision.Changes);
        return decision.Changes;
    }

    [Fact]
    public void A_device_reporting_normally_is_ok_and_produces_no_event()
    {
        Assert.Empty(Seen(0, "presence", DeviceRole.Occupancy));
        Assert.Empty(Seen(10, "presence", DeviceRole.Occupancy, battery: 89, link: 90));

        var health = _book.Devices["presence"];
        Assert.Equal(DeviceStatus.Ok, health.Status);
        Assert.Equal(Minutes(10), health.LastSeen);
        Assert.Equal(89, health.BatteryPercent);
        Assert.Equal(90, health.LinkQuality);
        Assert.Equal(DeviceRole.Occupancy, health.Role);
    }

    [Fact]
    public void An_occupancy_sensor_is_stale_exactly_at_its_roles_limit_and_not_1_ms_before()
    {
        Seen(0, "presence", DeviceRole.Occupancy);

        Assert.Empty(Record(DeviceWatch.Tick(_book, Policy, Minutes(50) - TimeSpan.FromMilliseconds(1))));
        var stale = Assert.Single(Tick(50));

        Assert.Equal(DeviceStatus.Stale, stale.Status);
        Assert.Equal("presence", stale.Device);
        Assert.Equal(Minutes(50), stale.OccurredAt);
        Assert.Equal(Minutes(0), stale.LastSeen);
        Assert.Equal(90, stale.BatteryPercent);
        Assert.Equal(120, stale.LinkQuality);
        Assert.Null(stale.Reason);
    }

    [Fact]
    public void A_door_contact_has_its_own_longer_limit()
    {
        Seen(0, "door", DeviceRole.DoorContact);

        Assert.Empty(Tick(169.99));
        Assert.Equal(DeviceStatus.Stale, Assert.Single(Tick(170)).Status);
    }

    [Fact]
    public void Stale_is_dated_at_the_instant_it_became_stale_even_when_ticked_later()
    {
        Seen(0, "presence", DeviceRole.Occupancy);

        Assert.Equal(Minutes(50), Assert.Single(Tick(75)).OccurredAt);
    }

    [Fact]
    public void Stale_is_announced_once_not_on_every_tick()
    {
        Seen(0, "presence", DeviceRole.Occupancy);
        Tick(50);

        Assert.Empty(Tick(51));
        Assert.Empty(Tick(600));
        Assert.Single(_events);
    }

    [Theory]
    [InlineData(DeviceRole.Lighting)]
    [InlineData(DeviceRole.EntryReader)]
    [InlineData(DeviceRole.Timer)]
    [InlineData(DeviceRole.Lock)]
    [InlineData(DeviceRole.FireAlarm)]
    [InlineData(DeviceRole.Buzzer)]
    public void Roles_without_a_limit_are_judged_by_availability_only(DeviceRole role)
    {
        Seen(0, "device", role, battery: null);

        Assert.Empty(Tick(60 * 24 * 7));
        Assert.Equal(DeviceStatus.Ok, _book.Devices["device"].Status);
    }

    [Fact]
    public void A_report_revives_a_stale_device()
    {
        Seen(0, "presence", DeviceRole.Occupancy);
        Tick(60);

        var ok = Assert.Single(Seen(70, "presence", DeviceRole.Occupancy, battery: 88));

        Assert.Equal(DeviceStatus.Ok, ok.Status);
        Assert.Equal(Minutes(70), ok.OccurredAt);
        Assert.Equal(Minutes(70), ok.LastSeen);
        Assert.Equal(88, ok.BatteryPercent);
        Assert.Empty(Tick(119.9));
    }

    [Fact]
    public void Low_battery_is_announced_once_not_on_every_low_report()
    {
        var low = Assert.Single(Seen(0, "door", DeviceRole.DoorContact, battery: 12));
        Assert.Equal(DeviceStatus.LowBattery, low.Status);
        Assert.Equal(12, low.BatteryPercent);

        Assert.Empty(Seen(10, "door", DeviceRole.DoorContact, battery: 11));
        Assert.Empty(Seen(20, "door", DeviceRole.DoorContact, battery: 10));
        Assert.Empty(Tick(30));
        Assert.Single(_events);
    }

    [Fact]
    public void Battery_just_above_the_threshold_is_ok()
    {
        Assert.Empty(Seen(0, "door", DeviceRole.DoorContact, battery: 13));
    }

    [Fact]
    public void A_battery_wandering_around_the_threshold_does_not_flap_until_it_reaches_the_recovery_level()
    {
        Seen(0, "door", DeviceRole.DoorContact, battery: 12);

        Assert.Empty(Seen(10, "door", DeviceRole.DoorContact, battery: 14));
        Assert.Empty(Seen(20, "door", DeviceRole.DoorContact, battery: 29));
        var ok = Assert.Single(Seen(30, "door", DeviceRole.DoorContact, battery: 30));
        Assert.Equal(DeviceStatus.Ok, ok.Status);
    }

    [Fact]
    public void A_report_without_vitals_keeps_the_last_known_ones()
    {
        Seen(0, "door", DeviceRole.DoorContact, battery: 12, link: 40);

        Assert.Empty(Record(DeviceWatch.Seen(_book, "door", DeviceRole.DoorContact, null, Policy, Minutes(5))));
        Assert.Equal(12, _book.Devices["door"].BatteryPercent);
        Assert.Equal(40, _book.Devices["door"].LinkQuality);
        Assert.Equal(DeviceStatus.LowBattery, _book.Devices["door"].Status);
    }

    [Fact]
    public void Offline_keeps_its_reason_and_the_last_known_vitals()
    {
        Seen(0, "entry-reader", DeviceRole.EntryReader, battery: null, link: null);

        var offline = Assert.Single(Availability(3, "entry-reader", online: false, "reader stopped answering: SPI timeout"));

        Assert.Equal(DeviceStatus.Offline, offline.Status);
        Assert.Equal("reader stopped answering: SPI timeout", offline.Reason);
        Assert.Equal(Minutes(0), offline.LastSeen);
        Assert.Equal("reader stopped answering: SPI timeout", _book.Devices["entry-reader"].OfflineReason);
    }

    [Fact]
    public void Repeated_identical_availability_produces_no_event_and_keeps_the_first_reason()
    {
        Availability(0, "presence", online: true);
        Assert.Empty(Availability(1, "presence", online: true));
        Availability(2, "presence", online: false, "availability offline");

        Assert.Empty(Availability(3, "presence", online: false, "LWT Offline"));
        Assert.Equal("availability offline", _book.Devices["presence"].OfflineReason);
        Assert.Single(_events);
    }

    [Fact]
    public void A_report_from_an_offline_device_updates_it_but_only_its_availability_brings_it_back()
    {
        Seen(0, "presence", DeviceRole.Occupancy);
        Availability(1, "presence", online: false, "availability offline");

        Assert.Empty(Seen(2, "presence", DeviceRole.Occupancy, battery: 70));
        Assert.Equal(DeviceStatus.Offline, _book.Devices["presence"].Status);
        Assert.Equal(Minutes(2), _book.Devices["presence"].LastSeen);

        var back = Assert.Single(Availability(3, "presence", online: true));
        Assert.Equal(DeviceStatus.Ok, back.Status);
        Assert.Null(back.Reason);
        Assert.Null(_book.Devices["presence"].OfflineReason);
    }

    [Fact]
    public void Offline_outranks_stale_and_low_battery_and_coming_back_shows_what_remains()
    {
        Seen(0, "door", DeviceRole.DoorContact, battery: 5);
        Availability(1, "door", online: false, "availability offline");

        Assert.Empty(Tick(500));
        var back = Assert.Single(Availability(501, "door", online: true));
        Assert.Equal(DeviceStatus.Stale, back.Status);
        var revived = Assert.Single(Seen(502, "door", DeviceRole.DoorContact, battery: 5));
        Assert.Equal(DeviceStatus.LowBattery, revived.Status);
    }

    [Fact]
    public void A_device_known_only_from_availability_goes_stale_from_when_it_was_first_known_once_its_role_is_known()
    {
        Availability(0, "presence", online: true);
        Assert.Empty(Tick(100)); // no role yet: nothing to judge it by
        Assert.Equal(DeviceStatus.Ok, _book.Devices["presence"].Status);

        Seen(100, "presence", DeviceRole.Occupancy);
        Assert.Equal(Minutes(150), Assert.Single(Tick(150)).OccurredAt);
    }

    [Fact]
    public void A_device_first_heard_of_as_offline_is_announced_offline()
    {
        var offline = Assert.Single(Availability(0, "wall-timer", online: false, "LWT offline"));

        Assert.Equal(DeviceStatus.Offline, offline.Status);
        Assert.Null(offline.LastSeen);
    }

    [Fact]
    public void Devices_with_problems_lists_every_device_not_ok_by_name()
    {
        Seen(0, "presence", DeviceRole.Occupancy);
        Seen(0, "door", DeviceRole.DoorContact, battery: 3);
        Seen(0, "ceiling-light", DeviceRole.Lighting, battery: null);
        Availability(0, "entry-reader", online: false, "LWT Offline");
        Seen(40, "presence", DeviceRole.Occupancy);
        Availability(0, "wall-timer", online: true);
        Seen(0, "mood-light", DeviceRole.Lighting, battery: null);
        Tick(60);
        Assert.Equal(["door", "entry-reader"], DeviceWatch.DevicesWithProblems(_book));

        Tick(90);
        Assert.Equal(["door", "entry-reader", "presence"], DeviceWatch.DevicesWithProblems(_book));
    }

    [Fact]
    public void Tick_on_a_healthy_book_returns_the_same_book()
    {
        Seen(0, "presence", DeviceRole.Occupancy);
        var before = _book;

        Assert.Same(before, DeviceWatch.Tick(before, Policy, Minutes(1)).Book);
    }

    [Fact]
    public void Policy_defaults_are_1_h_for_occupancy_4_h_for_door_contacts_and_15_percent_battery()
    {
        var policy = new DeviceHealthPolicy();

        Assert.Equal(TimeSpan.FromHours(1), policy.StaleAfter(DeviceRole.Occupancy));
        Assert.Equal(TimeSpan.FromHours(4), policy.StaleAfter(DeviceRole.DoorContact));
        Assert.Null(policy.StaleAfter(DeviceRole.EntryReader));
        Assert.Null(policy.StaleAfter(DeviceRole.Lighting));
        Assert.Equal(15, policy.LowBattery);
        Assert.Equal(25, policy.BatteryRecovered);
    }

    [Fact]
    public void Zero_or_negative_policy_values_mean_the_default_and_recovery_is_always_above_low()
    {
        var policy = new DeviceHealthPolicy { OccupancyStaleMinutes = 0, DoorContactStaleMinutes = -5, LowBatteryPercent = 0, BatteryRecoveredPercent = 10 };

        Assert.Equal(TimeSpan.FromHours(1), policy.StaleAfter(DeviceRole.Occupancy));
        Assert.Equal(TimeSpan.FromHours(4), policy.StaleAfter(DeviceRole.DoorContact));
        Assert.Equal(15, policy.LowBattery);
        Assert.Equal(16, policy.BatteryRecovered);
    }
}
