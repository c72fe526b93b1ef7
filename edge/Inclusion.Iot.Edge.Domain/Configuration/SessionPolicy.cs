using Inclusion.Iot.Edge.Domain.Room;

namespace Inclusion.Iot.Edge.Domain.Configuration;

/// <summary>
/// R-DUR: the planned length of each kind of session when the pupil's programme does not set one, and the step the panel
/// extends by. Zero or negative from the server means "the shipped preset".
/// </summary>
public sealed record SessionPolicy
{
    public const int PresetIndividualMinutes = 20;
    public const int PresetGroupMinutes = 35;
    public const int PresetUnloadingMinutes = 15;
    public const int PresetOpenUseMinutes = 30;
    public const int PresetExtendMinutes = 5;
    public const int PresetIndividualMinMinutes = 20;
    public const int PresetIndividualMaxMinutes = 25;
    public const int PresetGroupMinMinutes = 35;
    public const int PresetGroupMaxMinutes = 40;
    public const int PresetGroupMaxPupils = 8;

    public int IndividualMinutes { get; init; } = PresetIndividualMinutes;
    public int GroupMinutes { get; init; } = PresetGroupMinutes;
    public int UnloadingMinutes { get; init; } = PresetUnloadingMinutes;
    public int OpenUseMinutes { get; init; } = PresetOpenUseMinutes;
    public int ExtendMinutes { get; init; } = PresetExtendMinutes;

    /// <summary>R-DUR: the bounds of an individual and a group session's planned length.</summary>
    public int IndividualMinMinutes { get; init; } = PresetIndividualMinMinutes;
    public int IndividualMaxMinutes { get; init; } = PresetIndividualMaxMinutes;
    public int GroupMinMinutes { get; init; } = PresetGroupMinMinutes;
    public int GroupMaxMinutes { get; init; } = PresetGroupMaxMinutes;

    /// <summary>R-GROUP: the most pupils a group session takes.</summary>
    public int GroupMaxPupils { get; init; } = PresetGroupMaxPupils;

    public int MaxPupilsPerGroup => Or(GroupMaxPupils, PresetGroupMaxPupils);

    /// <summary>R-DUR: the kind's bounds in minutes (unloading and open use have none).</summary>
    public (int Min, int Max)? BoundsFor(SessionKind kind)
    {
        (int Min, int Max) bounds = kind switch
        {
            SessionKind.Individual => (Or(IndividualMinMinutes, PresetIndividualMinMinutes), Or(IndividualMaxMinutes, PresetIndividualMaxMinutes)),
            SessionKind.Group => (Or(GroupMinMinutes, PresetGroupMinMinutes), Or(GroupMaxMinutes, PresetGroupMaxMinutes)),
            _ => (0, 0),
        };
        return bounds.Max <= 0 ? null : (Math.Min(bounds.Min, bounds.Max), bounds.Max);
    }

    /// <summary>A planned length brought within the kind's bounds (R-DUR).</summary>
    public int Planned(SessionKind kind, int minutes) => BoundsFor(kind) is { } b ? Math.Clamp(minutes, b.Min, b.Max) : minutes;

    /// <summary>The kind's default planned length in minutes.</summary>
    public int MinutesFor(SessionKind kind) => kind switch
    {
        SessionKind.Individual => Or(IndividualMinutes, PresetIndividualMinutes),
        SessionKind.Group => Or(GroupMinutes, PresetGroupMinutes),
        SessionKind.Unloading => Or(UnloadingMinutes, PresetUnloadingMinutes),
        _ => Or(OpenUseMinutes, PresetOpenUseMinutes),
    };

    public int ExtendStepMinutes => Or(ExtendMinutes, PresetExtendMinutes);

    private static int Or(int value, int preset) => value > 0 ? value : preset;
}
