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

    public int IndividualMinutes { get; init; } = PresetIndividualMinutes;
    public int GroupMinutes { get; init; } = PresetGroupMinutes;
    public int UnloadingMinutes { get; init; } = PresetUnloadingMinutes;
    public int OpenUseMinutes { get; init; } = PresetOpenUseMinutes;
    public int ExtendMinutes { get; init; } = PresetExtendMinutes;

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
