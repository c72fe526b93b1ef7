using Inclusion.Iot.Server.Api.Edges;
using Inclusion.Iot.Server.Data;
using Inclusion.Iot.Server.Records.Configuration;

namespace Inclusion.Iot.Server.Tests;

/// <summary>A policy value out of its range never reaches an edge: it goes out as 0 (the preset) and is reported by field.</summary>
public sealed class RoomPolicyValidatorTests
{
    public static TheoryData<string, Action<RoomPolicy>> NegativeValues => new()
    {
        { "escort_window_seconds", p => p.EscortWindowSeconds = -1 },
        { "individual_min_minutes", p => p.IndividualMinMinutes = -1 },
        { "individual_max_minutes", p => p.IndividualMaxMinutes = -1 },
        { "group_min_minutes", p => p.GroupMinMinutes = -1 },
        { "group_max_minutes", p => p.GroupMaxMinutes = -1 },
        { "overrun_limit_minutes", p => p.OverrunLimitMinutes = -1 },
        { "individual_default_minutes", p => p.IndividualDefaultMinutes = -1 },
        { "group_default_minutes", p => p.GroupDefaultMinutes = -1 },
        { "unloading_default_minutes", p => p.UnloadingDefaultMinutes = -1 },
        { "open_use_default_minutes", p => p.OpenUseDefaultMinutes = -1 },
        { "extend_step_minutes", p => p.ExtendStepMinutes = -1 },
        { "first_warning_seconds", p => p.FirstWarningSeconds = -1 },
        { "final_warning_seconds", p => p.FinalWarningSeconds = -1 },
        { "idle_brightness_percent", p => p.IdleBrightnessPercent = -1 },
        { "idle_colour_temperature_kelvin", p => p.IdleColourTemperatureKelvin = -1 },
        { "arrival_seconds", p => p.ArrivalSeconds = -1 },
        { "group_max_pupils", p => p.GroupMaxPupils = -1 },
        { "unescorted_grace_seconds", p => p.UnescortedGraceSeconds = -1 },
        { "unlock_seconds", p => p.UnlockSeconds = -1 },
        { "schedule_tolerance_minutes", p => p.ScheduleToleranceMinutes = -1 },
        { "offline_escort_days", p => p.OfflineEscortDays = -1 },
    };

    [Theory]
    [MemberData(nameof(NegativeValues))]
    public void A_negative_value_goes_out_as_zero_and_is_reported_by_its_field(string field, Action<RoomPolicy> spoil)
    {
        var policy = Valid();
        spoil(policy);

        var sent = Sent(policy, out var problems);

        var problem = Assert.Single(problems);
        Assert.Equal((field, "-1"), (problem.Field, problem.Value));
        Assert.Equal(0, (int)FieldValue(sent, field));
        // Every other field goes out as the server holds it.
        var untouched = Sent(Valid(), out _);
        foreach (var other in Contracts.Edge.V1.RoomPolicy.Descriptor.Fields.InFieldNumberOrder().Where(f => f.Name != field))
        {
            Assert.Equal(other.Accessor.GetValue(untouched), other.Accessor.GetValue(sent));
        }
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(50, true)]
    [InlineData(51, false)]
    [InlineData(500, false)]
    public void R_GROUP_group_max_pupils_is_at_most_50(int pupils, bool accepted)
    {
        var policy = Valid();
        policy.GroupMaxPupils = pupils;
        var sent = Sent(policy, out var problems);
        Assert.Equal(accepted ? pupils : 0, sent.GroupMaxPupils);
        Assert.Equal(accepted ? [] : ["group_max_pupils"], problems.Select(p => p.Field));
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(100, true)]
    [InlineData(101, false)]
    public void Idle_brightness_is_a_percentage(int percent, bool accepted)
    {
        var policy = Valid();
        policy.IdleBrightnessPercent = percent;
        var sent = Sent(policy, out var problems);
        Assert.Equal(accepted ? percent : 0, sent.IdleBrightnessPercent);
        Assert.Equal(accepted ? [] : ["idle_brightness_percent"], problems.Select(p => p.Field));
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(1, false)]
    [InlineData(999, false)]
    [InlineData(1000, true)]
    [InlineData(6500, true)]
    [InlineData(10000, true)]
    [InlineData(10001, false)]
    public void Idle_colour_temperature_is_within_1000_and_10000_kelvin_when_set(int kelvin, bool accepted)
    {
        var policy = Valid();
        policy.IdleColourTemperatureKelvin = kelvin;
        var sent = Sent(policy, out var problems);
        Assert.Equal(accepted ? kelvin : 0, sent.IdleColourTemperatureKelvin);
        Assert.Equal(accepted ? [] : ["idle_colour_temperature_kelvin"], problems.Select(p => p.Field));
    }

    [Theory]
    [InlineData(new[] { 1, 1, 1, 1 }, false)]
    [InlineData(new[] { 1, 1, 1, 1, 1, 1 }, false)]
    [InlineData(new[] { 1, 2, -3, 4, 5 }, false)]
    [InlineData(new[] { 3 }, false)]
    [InlineData(new[] { 0, 0, 0, 0, 0 }, true)]
    [InlineData(new[] { 1, 2, 3, 9, 12 }, true)]
    public void R_WEEK_the_weekly_limits_are_exactly_five_non_negative_numbers(int[] limits, bool accepted)
    {
        var policy = Valid();
        policy.WeeklyLimitByLevel = [.. limits];
        var sent = Sent(policy, out var problems);
        Assert.Equal(accepted ? limits : [], sent.WeeklyLimitByLevel);
        var reported = problems.Select(p => (p.Field, p.Value)).ToList();
        Assert.Equal(accepted ? [] : [("weekly_limit_by_level", string.Join(',', limits))], reported);
    }

    [Fact]
    public void Several_bad_values_are_each_reported_and_the_rest_goes_out()
    {
        var policy = Valid();
        policy.ExtendStepMinutes = -2;
        policy.GroupMaxPupils = 60;
        policy.IdleBrightnessPercent = 150;
        policy.IdleColourTemperatureKelvin = 20000;
        policy.WeeklyLimitByLevel = [1, 2];
        var sent = Sent(policy, out var problems);
        Assert.Equal(
            ["extend_step_minutes", "idle_brightness_percent", "idle_colour_temperature_kelvin", "group_max_pupils", "weekly_limit_by_level"],
            problems.Select(p => p.Field));
        Assert.All(problems, p => Assert.False(string.IsNullOrWhiteSpace(p.Reason)));
        Assert.Equal((0, 0, 0, 0), (sent.ExtendStepMinutes, sent.GroupMaxPupils, sent.IdleBrightnessPercent, sent.IdleColourTemperatureKelvin));
        Assert.Empty(sent.WeeklyLimitByLevel);
        Assert.Equal((16, 44), (sent.IndividualDefaultMinutes, sent.ArrivalSeconds));
    }

    [Fact]
    public void A_valid_policy_is_kept_as_it_is_and_every_setting_reaches_its_field_of_the_contract()
    {
        var policy = Valid();
        var valid = RoomPolicyValidator.Validate(policy, out var problems);
        Assert.Empty(problems);

        var sent = ConfigurationMapping.ToContract(valid);
        var settings = typeof(ValidRoomPolicy).GetProperties().Where(p => p.Name != "EqualityContract").ToList();
        var fields = Contracts.Edge.V1.RoomPolicy.Descriptor.Fields.InFieldNumberOrder();
        // One setting per contract field, named alike, with the server's value: a setting the records or the mapping drop shows here.
        Assert.Equal(fields.Select(f => f.PropertyName).Order(StringComparer.Ordinal), settings.Select(p => p.Name).Order(StringComparer.Ordinal));
        foreach (var setting in settings)
        {
            var held = typeof(RoomPolicy).GetProperty(setting.Name)!.GetValue(policy);
            var field = fields.Single(f => f.PropertyName == setting.Name).Accessor.GetValue(sent);
            if (held is List<int> list)
            {
                Assert.Equal(list, (IEnumerable<int>)setting.GetValue(valid)!);
                Assert.Equal(list, (IEnumerable<int>)field);
            }
            else if (held is RuleEnforcement enforcement)
            {
                Assert.Equal(enforcement, setting.GetValue(valid));
                Assert.Equal(enforcement.ToString(), field.ToString());
            }
            else
            {
                Assert.Equal(held, setting.GetValue(valid));
                Assert.Equal(held, field);
            }
        }
    }

    /// <summary>What an edge receives: the validated policy through the gateway's mapping.</summary>
    private static Contracts.Edge.V1.RoomPolicy Sent(RoomPolicy policy, out IReadOnlyList<PolicyProblem> problems) =>
        ConfigurationMapping.ToContract(RoomPolicyValidator.Validate(policy, out problems));

    private static object FieldValue(Contracts.Edge.V1.RoomPolicy policy, string field) =>
        Contracts.Edge.V1.RoomPolicy.Descriptor.FindFieldByName(field).Accessor.GetValue(policy);

    /// <summary>A valid policy with every value away from its preset.</summary>
    private static RoomPolicy Valid() => new()
    {
        EscortWindowSeconds = 7,
        IndividualMinMinutes = 18,
        IndividualMaxMinutes = 28,
        GroupMinMinutes = 30,
        GroupMaxMinutes = 42,
        OverrunLimitMinutes = 8,
        IndividualDefaultMinutes = 16,
        GroupDefaultMinutes = 31,
        UnloadingDefaultMinutes = 11,
        OpenUseDefaultMinutes = 26,
        ExtendStepMinutes = 3,
        FirstWarningSeconds = 200,
        FinalWarningSeconds = 50,
        IdleBrightnessPercent = 55,
        IdleColourTemperatureKelvin = 3000,
        ArrivalSeconds = 44,
        GroupMaxPupils = 10,
        UnescortedGraceSeconds = 25,
        UnlockSeconds = 7,
        WeeklyLimitByLevel = [1, 2, 3, 4, 5],
        WeeklyLimitEnforcement = RuleEnforcement.Warn,
        ScheduleToleranceMinutes = 6,
        OfflineEscortDays = 10,
    };
}
