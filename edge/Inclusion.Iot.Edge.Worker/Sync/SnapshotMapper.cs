using Inclusion.Iot.Contracts.Edge.V1;
using Inclusion.Iot.Edge.Domain.Configuration;

namespace Inclusion.Iot.Edge.Worker.Sync;

/// <summary>The contract's configuration snapshot → what the room's state machine needs.</summary>
public static class SnapshotMapper
{
    public static RoomSnapshot ToDomain(ConfigurationSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return new RoomSnapshot
        {
            Version = snapshot.Version,
            RoomId = snapshot.Room?.RoomId ?? string.Empty,
            BadgeSalt = snapshot.BadgeSalt.ToByteArray(),
            Staff = [.. snapshot.Staff.Select(s => new StaffCard
            {
                StaffId = s.StaffId,
                DisplayName = s.DisplayName,
                BadgeHash = s.BadgeHash.ToByteArray(),
                CanEscort = s.Permissions.Contains(StaffPermission.Escort),
                CanOverride = s.Permissions.Contains(StaffPermission.Override),
                AssignedPupilIds = [.. s.AssignedPupilIds],
            })],
            Pupils = [.. snapshot.Pupils.Select(p => new PupilCard
            {
                PupilId = p.PupilId,
                DisplayName = p.DisplayName,
                BadgeHash = p.BadgeHash.ToByteArray(),
                RequiresPersonalTutor = p.RequiresPersonalTutor,
                IndividualSessionMinutes = p.IndividualSessionMinutes,
                SupportLevel = p.SupportLevel,
                WeeklySessionLimit = p.WeeklySessionLimit,
                SessionsThisWeekElsewhere = p.SessionsThisWeekElsewhere,
                ProgrammeEntryId = p.ProgrammeEntryId,
                Schedule = [.. p.Schedule.Select(slot => new Domain.Configuration.ScheduleSlot(
                    slot.IsoDayOfWeek, slot.StartMinute, slot.DurationMinutes, EventMapper.ToDomain(slot.Kind), slot.StaffId))],
                Adaptation = Adaptation(p.Adaptation),
                Profile = p.SensoryProfile is { } profile
                    ? new Domain.Configuration.SensoryProfile
                    {
                        BrightnessPercent = ContractUnits.PercentFromBrightness(profile.Brightness),
                        ColourTemperatureKelvin = ContractUnits.KelvinFromMireds(profile.ColorTempMireds),
                        MinFadeSeconds = profile.MinTransitionSeconds,
                        TimerStyle = profile.TimerStyle switch
                        {
                            TimerStyle.Digits => "digits",
                            TimerStyle.Colours => "colours",
                            _ => "ring",
                        },
                        Chime = profile.Chime,
                    }
                    : new Domain.Configuration.SensoryProfile(),
            })],
            Rules = Rules(snapshot.Policy ?? new RoomPolicy()),
            Capacity = snapshot.Room?.Capacity ?? 0,
            TimeZone = string.IsNullOrEmpty(snapshot.TimeZone) ? "UTC" : snapshot.TimeZone,
            IssuedAt = snapshot.IssuedAt?.ToDateTimeOffset(),
        };
    }

    /// <summary>R-ADAPT: a period whose first day is not a date is ignored (no cap), as the server never sends one.</summary>
    private static Domain.Configuration.Adaptation? Adaptation(Contracts.Edge.V1.Adaptation? adaptation) =>
        adaptation is { MinutesByWeek.Count: > 0 }
        && DateOnly.TryParseExact(adaptation.StartsOn, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var startsOn)
            ? new Domain.Configuration.Adaptation(startsOn, [.. adaptation.MinutesByWeek])
            : null;

    /// <summary>The policy's numbers; a zero the server left unset means the edge's shipped preset.</summary>
    private static RoomRules Rules(RoomPolicy policy) => new()
    {
        EscortWindowSeconds = policy.EscortWindowSeconds,
        OverrunLimitMinutes = policy.OverrunLimitMinutes,
        Sessions = new SessionPolicy
        {
            IndividualMinutes = policy.IndividualDefaultMinutes > 0 ? policy.IndividualDefaultMinutes : policy.IndividualMinMinutes,
            GroupMinutes = policy.GroupDefaultMinutes > 0 ? policy.GroupDefaultMinutes : policy.GroupMinMinutes,
            UnloadingMinutes = policy.UnloadingDefaultMinutes,
            OpenUseMinutes = policy.OpenUseDefaultMinutes,
            ExtendMinutes = policy.ExtendStepMinutes,
            IndividualMinMinutes = policy.IndividualMinMinutes,
            IndividualMaxMinutes = policy.IndividualMaxMinutes,
            GroupMinMinutes = policy.GroupMinMinutes,
            GroupMaxMinutes = policy.GroupMaxMinutes,
            GroupMaxPupils = policy.GroupMaxPupils,
        },
        Weekly = new WeeklyPolicy
        {
            LimitsByLevel = policy.WeeklyLimitByLevel.Count == 5 ? [.. policy.WeeklyLimitByLevel] : WeeklyPolicy.PresetLimitsByLevel,
            Enforcement = policy.WeeklyLimitEnforcement == Contracts.Edge.V1.RuleEnforcement.Warn ? Domain.Configuration.RuleEnforcement.Warn : Domain.Configuration.RuleEnforcement.Refuse,
        },
        Schedule = new SchedulePolicy { ToleranceMinutes = policy.ScheduleToleranceMinutes },
        Offline = new OfflinePolicy { EscortPermissionDays = policy.OfflineEscortDays },
        Safety = new SafetyPolicy { UnescortedGraceSeconds = policy.UnescortedGraceSeconds, UnlockSeconds = policy.UnlockSeconds },
        Timer = new TimerPolicy { FirstWarningSeconds = policy.FirstWarningSeconds, FinalWarningSeconds = policy.FinalWarningSeconds },
        Scenes = new ScenePolicy
        {
            IdleBrightnessPercent = policy.IdleBrightnessPercent,
            IdleColourTemperatureKelvin = policy.IdleColourTemperatureKelvin,
            ArrivalSeconds = policy.ArrivalSeconds,
        },
    };
}
