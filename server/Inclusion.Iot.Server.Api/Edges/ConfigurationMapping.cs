using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Inclusion.Iot.Server.Records.Configuration;
using V1 = Inclusion.Iot.Contracts.Edge.V1;

namespace Inclusion.Iot.Server.Api.Edges;

/// <summary>
/// The one place the records' room configuration becomes the contract's <c>ConfigurationSnapshot</c> and
/// <c>WeekCounts</c>. Empty strings stand for the records' nulls, as proto3 has no absent string.
/// </summary>
internal static class ConfigurationMapping
{
    public static V1.ConfigurationSnapshot ToContract(RoomConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var snapshot = new V1.ConfigurationSnapshot
        {
            Version = configuration.Version,
            OrganisationId = configuration.OrganisationId,
            Room = new V1.Room
            {
                RoomId = configuration.Room.RoomId,
                Name = configuration.Room.Name,
                Kind = ProtoMapping.ToContract(configuration.Room.Kind),
                Capacity = configuration.Room.Capacity,
            },
            BadgeSalt = ByteString.CopyFrom(configuration.BadgeSalt.Span),
            Policy = ToContract(configuration.Policy),
            TimeZone = configuration.TimeZone,
            IssuedAt = Timestamp.FromDateTimeOffset(configuration.IssuedAt),
        };
        snapshot.Devices.AddRange(configuration.Devices.Select(ToContract));
        snapshot.Staff.AddRange(configuration.Staff.Select(ToContract));
        snapshot.Pupils.AddRange(configuration.Pupils.Select(ToContract));
        return snapshot;
    }

    /// <summary>R-WEEK's counts, pupils in id order.</summary>
    public static V1.WeekCounts ToContract(PupilWeekCounts counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var contract = new V1.WeekCounts { CountedAt = Timestamp.FromDateTimeOffset(counts.CountedAt) };
        foreach (var (pupilId, sessions) in counts.SessionsElsewhere.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            contract.SessionsElsewhere.Add(pupilId, sessions);
        }

        return contract;
    }

    /// <summary>The contract's <c>RoomPolicy</c>, fields 1–23.</summary>
    public static V1.RoomPolicy ToContract(ValidRoomPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var contract = new V1.RoomPolicy
        {
            EscortWindowSeconds = policy.EscortWindowSeconds,
            IndividualMinMinutes = policy.IndividualMinMinutes,
            IndividualMaxMinutes = policy.IndividualMaxMinutes,
            GroupMinMinutes = policy.GroupMinMinutes,
            GroupMaxMinutes = policy.GroupMaxMinutes,
            OverrunLimitMinutes = policy.OverrunLimitMinutes,
            IndividualDefaultMinutes = policy.IndividualDefaultMinutes,
            GroupDefaultMinutes = policy.GroupDefaultMinutes,
            UnloadingDefaultMinutes = policy.UnloadingDefaultMinutes,
            OpenUseDefaultMinutes = policy.OpenUseDefaultMinutes,
            ExtendStepMinutes = policy.ExtendStepMinutes,
            FirstWarningSeconds = policy.FirstWarningSeconds,
            FinalWarningSeconds = policy.FinalWarningSeconds,
            IdleBrightnessPercent = policy.IdleBrightnessPercent,
            IdleColourTemperatureKelvin = policy.IdleColourTemperatureKelvin,
            ArrivalSeconds = policy.ArrivalSeconds,
            GroupMaxPupils = policy.GroupMaxPupils,
            UnescortedGraceSeconds = policy.UnescortedGraceSeconds,
            UnlockSeconds = policy.UnlockSeconds,
            WeeklyLimitEnforcement = ProtoMapping.ToContract(policy.WeeklyLimitEnforcement),
            ScheduleToleranceMinutes = policy.ScheduleToleranceMinutes,
            OfflineEscortDays = policy.OfflineEscortDays,
        };
        contract.WeeklyLimitByLevel.AddRange(policy.WeeklyLimitByLevel);
        return contract;
    }

    private static V1.Device ToContract(ConfiguredDevice device) => new()
    {
        DeviceId = device.DeviceId.ToString(CultureInfo.InvariantCulture),
        Name = device.Name,
        Role = ProtoMapping.ToContract(device.Role),
        Driver = device.Driver,
    };

    private static V1.StaffMember ToContract(ConfiguredStaffMember member)
    {
        var contract = new V1.StaffMember
        {
            StaffId = member.StaffId,
            DisplayName = member.DisplayName,
            BadgeHash = ByteString.CopyFrom(member.BadgeHash.Span),
            Role = ProtoMapping.ToContract(member.Role),
        };
        contract.Permissions.AddRange(ProtoMapping.ToContract(member.Permissions));
        contract.AssignedPupilIds.AddRange(member.AssignedPupilIds);
        return contract;
    }

    private static V1.Pupil ToContract(ConfiguredPupil pupil)
    {
        var contract = new V1.Pupil
        {
            PupilId = pupil.PupilId,
            DisplayName = pupil.DisplayName,
            SupportLevel = pupil.SupportLevel,
            SensoryProfile = new V1.SensoryProfile
            {
                Brightness = pupil.SensoryProfile.Brightness,
                ColorTempMireds = pupil.SensoryProfile.ColorTempMireds,
                MinTransitionSeconds = pupil.SensoryProfile.MinTransitionSeconds,
                TimerStyle = ProtoMapping.ToContract(pupil.SensoryProfile.TimerStyle),
                Chime = pupil.SensoryProfile.Chime,
                NoiseCueLevel = pupil.SensoryProfile.NoiseCueLevel,
            },
            WeeklySessionLimit = pupil.WeeklySessionLimit,
            BadgeHash = ByteString.CopyFrom(pupil.BadgeHash.Span),
            RequiresPersonalTutor = pupil.RequiresPersonalTutor,
            IndividualSessionMinutes = pupil.IndividualSessionMinutes,
            SessionsThisWeekElsewhere = pupil.SessionsThisWeekElsewhere,
            ProgrammeEntryId = pupil.ProgrammeEntryId ?? string.Empty,
            Adaptation = pupil.Adaptation is { } adaptation ? ToContract(adaptation) : null,
        };
        contract.Schedule.AddRange(pupil.Schedule.Select(s => new V1.ScheduleSlot
        {
            IsoDayOfWeek = s.IsoDayOfWeek,
            StartMinute = s.StartMinute,
            DurationMinutes = s.DurationMinutes,
            Kind = ProtoMapping.ToContract(s.Kind),
            StaffId = s.StaffId ?? string.Empty,
        }));
        return contract;
    }

    /// <summary>R-ADAPT: <c>starts_on</c> as yyyy-MM-dd.</summary>
    private static V1.Adaptation ToContract(ConfiguredAdaptation adaptation)
    {
        var contract = new V1.Adaptation { StartsOn = adaptation.StartsOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) };
        contract.MinutesByWeek.AddRange(adaptation.MinutesByWeek);
        return contract;
    }
}
