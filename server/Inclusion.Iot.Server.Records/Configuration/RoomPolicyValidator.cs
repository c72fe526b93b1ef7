using System.Globalization;

namespace Inclusion.Iot.Server.Records.Configuration;

/// <summary>
/// The organisation's room policy as the edge receives it. A value out of its range never reaches an edge: it is
/// reported and sent as 0 (an empty list for the weekly limits), which the edge reads as its shipped preset.
/// </summary>
public static class RoomPolicyValidator
{
    /// <summary>R-GROUP: the largest group the server accepts.</summary>
    public const int MaxGroupPupils = 50;

    public const int MinColourTemperatureKelvin = 1000;

    public const int MaxColourTemperatureKelvin = 10000;

    /// <summary>R-WEEK: one limit for each support level 1..5.</summary>
    public const int SupportLevels = 5;

    /// <summary>The policy with every invalid value replaced by 0 (the preset); <paramref name="problems"/> names each, by the contract's field name.</summary>
    public static ValidRoomPolicy Validate(Data.RoomPolicy policy, out IReadOnlyList<PolicyProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var found = new List<PolicyProblem>();

        int NonNegative(string field, int value)
        {
            if (value >= 0) return value;
            found.Add(new PolicyProblem(field, Text(value), "must not be negative"));
            return 0;
        }

        int Within(string field, int value, int min, int max)
        {
            if (value < 0) return NonNegative(field, value);
            if (value <= max && (value == 0 || value >= min)) return value;
            found.Add(new PolicyProblem(field, Text(value), min > 0 ? $"must be 0 or within {min}..{max}" : $"must be within 0..{max}"));
            return 0;
        }

        // In the contract's field order, so the problems are reported in it.
        var valid = new ValidRoomPolicy
        {
            EscortWindowSeconds = NonNegative("escort_window_seconds", policy.EscortWindowSeconds),
            IndividualMinMinutes = NonNegative("individual_min_minutes", policy.IndividualMinMinutes),
            IndividualMaxMinutes = NonNegative("individual_max_minutes", policy.IndividualMaxMinutes),
            GroupMinMinutes = NonNegative("group_min_minutes", policy.GroupMinMinutes),
            GroupMaxMinutes = NonNegative("group_max_minutes", policy.GroupMaxMinutes),
            OverrunLimitMinutes = NonNegative("overrun_limit_minutes", policy.OverrunLimitMinutes),
            IndividualDefaultMinutes = NonNegative("individual_default_minutes", policy.IndividualDefaultMinutes),
            GroupDefaultMinutes = NonNegative("group_default_minutes", policy.GroupDefaultMinutes),
            UnloadingDefaultMinutes = NonNegative("unloading_default_minutes", policy.UnloadingDefaultMinutes),
            OpenUseDefaultMinutes = NonNegative("open_use_default_minutes", policy.OpenUseDefaultMinutes),
            ExtendStepMinutes = NonNegative("extend_step_minutes", policy.ExtendStepMinutes),
            FirstWarningSeconds = NonNegative("first_warning_seconds", policy.FirstWarningSeconds),
            FinalWarningSeconds = NonNegative("final_warning_seconds", policy.FinalWarningSeconds),
            IdleBrightnessPercent = Within("idle_brightness_percent", policy.IdleBrightnessPercent, 0, 100),
            IdleColourTemperatureKelvin = Within("idle_colour_temperature_kelvin", policy.IdleColourTemperatureKelvin,
                MinColourTemperatureKelvin, MaxColourTemperatureKelvin),
            ArrivalSeconds = NonNegative("arrival_seconds", policy.ArrivalSeconds),
            GroupMaxPupils = Within("group_max_pupils", policy.GroupMaxPupils, 0, MaxGroupPupils),
            UnescortedGraceSeconds = NonNegative("unescorted_grace_seconds", policy.UnescortedGraceSeconds),
            UnlockSeconds = NonNegative("unlock_seconds", policy.UnlockSeconds),
            WeeklyLimitEnforcement = policy.WeeklyLimitEnforcement,
            ScheduleToleranceMinutes = NonNegative("schedule_tolerance_minutes", policy.ScheduleToleranceMinutes),
            OfflineEscortDays = NonNegative("offline_escort_days", policy.OfflineEscortDays),
        };

        var weekly = policy.WeeklyLimitByLevel ?? [];
        if (weekly.Count == SupportLevels && weekly.All(n => n >= 0))
        {
            valid = valid with { WeeklyLimitByLevel = [.. weekly] };
        }
        else if (weekly.Count > 0)
        {
            found.Add(new PolicyProblem("weekly_limit_by_level", string.Join(',', weekly.Select(Text)),
                $"must be exactly {SupportLevels} non-negative numbers (support levels 1..{SupportLevels}) or empty"));
        }

        problems = found;
        return valid;
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
